package cn.pzh.eligibility.check;

import cn.pzh.eligibility.rules.Clause;
import cn.pzh.eligibility.rules.RuleInfo;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which rules and clauses the test-cases reach. A rule is exercised by a case when it fired for that case
 * (derivation rules included); a clause when any of its rules did. A case refused as bad input exercises nothing.
 */
public final class Coverage {

    /** A rule and the test-case files it fired for. */
    public record RuleRow(RuleInfo rule, List<String> cases) {
        public int count() {
            return cases.size();
        }
    }

    /** A clause, its rules, and the test-case files that reached any of them. */
    public record ClauseRow(String clause, List<RuleInfo> rules, List<String> cases) {
        public int count() {
            return cases.size();
        }
    }

    private final List<RuleRow> rules;
    private final List<ClauseRow> clauses;
    private final int caseCount;

    private Coverage(List<RuleRow> rules, List<ClauseRow> clauses, int caseCount) {
        this.rules = List.copyOf(rules);
        this.clauses = List.copyOf(clauses);
        this.caseCount = caseCount;
    }

    /** Coverage from the rules that fired per case file (file → fired rule names). */
    public static Coverage of(Collection<RuleInfo> ruleInfos, Map<String, List<String>> firedByCase) {
        List<RuleRow> rows = new ArrayList<>();
        Map<String, Set<String>> clauseCases = new TreeMap<>(Coverage::compareClauses);
        Map<String, List<RuleInfo>> clauseRules = new LinkedHashMap<>();
        for (RuleInfo r : ruleInfos) {
            List<String> cases = new ArrayList<>();
            firedByCase.forEach((file, fired) -> {
                if (new HashSet<>(fired).contains(r.name())) {
                    cases.add(file);
                }
            });
            rows.add(new RuleRow(r, cases));
            String clause = r.clause() == null ? "?" : r.clause();
            clauseCases.computeIfAbsent(clause, k -> new LinkedHashSet<>()).addAll(cases);
            clauseRules.computeIfAbsent(clause, k -> new ArrayList<>()).add(r);
        }
        List<ClauseRow> clauses = new ArrayList<>();
        clauseCases.forEach((c, cases) -> clauses.add(new ClauseRow(c, clauseRules.get(c), List.copyOf(cases))));
        return new Coverage(rows, clauses, firedByCase.size());
    }

    /** Runs every test-case under {@code casesDir} traced and measures what it reaches. */
    public static Coverage run(Ruleset ruleset, Path casesDir) {
        Map<String, List<String>> fired = new LinkedHashMap<>();
        for (Path f : TestCaseRunner.find(casesDir)) {
            fired.put(f.toString(), TestCaseRunner.runTraced(ruleset, f, f.toString()).firedRules());
        }
        return of(ruleset.rules(), fired);
    }

    public List<RuleRow> rules() {
        return rules;
    }

    public List<ClauseRow> clauses() {
        return clauses;
    }

    public int caseCount() {
        return caseCount;
    }

    public List<RuleRow> unexercisedRules() {
        return rules.stream().filter(r -> r.count() == 0).toList();
    }

    public List<ClauseRow> unexercisedClauses() {
        return clauses.stream().filter(c -> c.count() == 0).toList();
    }

    public boolean complete() {
        return unexercisedRules().isEmpty() && unexercisedClauses().isEmpty();
    }

    /** Clause ids in the document's order: 2.1.10 after 2.1.9. */
    public static int compareClauses(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException e) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** The table as plain text for the terminal. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("\nCoverage by rule（规则覆盖）: cases = test-cases for which the rule fired\n");
        sb.append(String.format("%6s  %-10s  %-28s  %s%n", "cases", "clause", "file:line", "rule"));
        for (RuleRow r : rules) {
            sb.append(String.format("%6d  %-10s  %-28s  %s%n", r.count(), r.rule().clause(),
                    r.rule().file() + ":" + r.rule().line(), r.rule().name()));
        }
        sb.append("\nCoverage by clause（条款覆盖）\n");
        sb.append(String.format("%6s  %6s  %-10s  %s%n", "cases", "rules", "clause", "document"));
        for (ClauseRow c : clauses) {
            sb.append(String.format("%6d  %6d  %-10s  %s%n", c.count(), c.rules().size(), c.clause(),
                    Clause.cite(c.clause())));
        }
        List<RuleRow> ur = unexercisedRules();
        List<ClauseRow> uc = unexercisedClauses();
        sb.append('\n');
        if (ur.isEmpty() && uc.isEmpty()) {
            sb.append("every rule (").append(rules.size()).append(") and every clause (").append(clauses.size())
                    .append(") is exercised by at least one of ").append(caseCount).append(" test-cases（全部 ")
                    .append(rules.size()).append(" 条规则、").append(clauses.size()).append(" 个条款均有测试案例覆盖）\n");
        } else {
            sb.append(ur.size()).append(" rule(s) and ").append(uc.size()).append(" clause(s) no test-case exercises（")
                    .append(ur.size()).append(" 条规则、").append(uc.size()).append(" 个条款没有任何测试案例覆盖）:\n");
            for (RuleRow r : ur) {
                sb.append("  rule   ").append(r.rule().file()).append(':').append(r.rule().line()).append("  ")
                        .append(r.rule().name()).append('\n');
            }
            for (ClauseRow c : uc) {
                sb.append("  clause ").append(c.clause()).append("  ").append(Clause.cite(c.clause())).append('\n');
            }
        }
        return sb.toString();
    }
}
