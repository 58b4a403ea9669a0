package cn.pzh.eligibility.service.config;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ruleset the service answers with. A request takes one snapshot and uses it to the end, so a ruleset swapped
 * in while it runs (a later reload) never mixes two versions in one answer.
 */
public class RulesetHolder {

    /** What is loaded, or why nothing is: exactly one of {@code ruleset} and {@code problems} is meaningful. */
    public record State(Ruleset ruleset, Path directory, List<Problem> problems) {
    }

    private final AtomicReference<State> state;
    /** limits.evaluation-time: every ruleset that serves gets it; null keeps the engine's own. */
    private final Duration timeLimit;

    public RulesetHolder(Path directory, List<Problem> problems) {
        this(directory, problems, null);
    }

    public RulesetHolder(Path directory, List<Problem> problems, Duration timeLimit) {
        this.state = new AtomicReference<>(new State(null, directory, List.copyOf(problems)));
        this.timeLimit = timeLimit;
    }

    /** {@code directory}: the rules directory staff edit (the ruleset itself may be loaded from a copy of it). */
    public RulesetHolder(Ruleset ruleset, Path directory) {
        this(ruleset, directory, null);
    }

    public RulesetHolder(Ruleset ruleset, Path directory, Duration timeLimit) {
        this.timeLimit = timeLimit;
        this.state = new AtomicReference<>(new State(limited(ruleset), directory, List.of()));
    }

    private Ruleset limited(Ruleset ruleset) {
        return ruleset == null || timeLimit == null || timeLimit.equals(ruleset.timeLimit()) ? ruleset
                : ruleset.withTimeLimit(timeLimit);
    }

    public State state() {
        return state.get();
    }

    public Optional<Ruleset> current() {
        return Optional.ofNullable(state.get().ruleset());
    }

    /** The loaded ruleset; {@link NoRulesetException} (503) while there is none. */
    public Ruleset require() {
        Ruleset rs = state.get().ruleset();
        if (rs == null) {
            throw new NoRulesetException(state.get());
        }
        return rs;
    }

    /**
     * Replaces the ruleset whole; the previous one keeps serving requests that already hold it. Returns the one
     * replaced (null when none was loaded).
     */
    public Ruleset swap(Ruleset ruleset) {
        Ruleset serving = limited(ruleset);
        State before = state.getAndUpdate(s -> new State(serving, s.directory(), List.of()));
        return before.ruleset();
    }
}
