package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The rules directory cannot be made into a ruleset; each problem names its file and line. */
public class RulesetException extends RuntimeException {

    private final List<Problem> problems;

    public RulesetException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
