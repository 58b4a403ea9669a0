package cn.pzh.eligibility.check;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard that keeps coverage full: every rule and every clause of the repository is exercised by at least one
 * of its test-cases, and every test-case passes. A new rule needs a hand-worked case before this passes again.
 */
class CoverageTest {

    @Test
    void theRepositoryTestCasesPassAndExerciseEveryRuleAndClause() {
        Ruleset ruleset = Ruleset.load(RulesCopy.RULES);
        Map<String, List<String>> fired = new LinkedHashMap<>();
        for (Path f : TestCaseRunner.find(RulesCopy.CASES)) {
            TestCaseRunner.Traced t = TestCaseRunner.runTraced(ruleset, f, f.toString());
            assertThat(t.result().failures()).as(f.toString()).isEmpty();
            fired.put(f.toString(), t.firedRules());
        }

        Coverage coverage = Coverage.of(ruleset.rules(), fired);

        assertThat(coverage.rules()).hasSameSizeAs(ruleset.rules());
        assertThat(coverage.unexercisedRules()).as(coverage.text()).isEmpty();
        assertThat(coverage.unexercisedClauses()).as(coverage.text()).isEmpty();
        assertThat(cn.pzh.eligibility.docs.CoveragePage.of(coverage, ruleset.version(), "test-cases")).contains("全部 " + ruleset.rules().size() + " 条规则");
    }

    @Test
    void aBadInputCaseExercisesNothingAndUnreachedRulesAreListed() {
        Ruleset ruleset = Ruleset.load(RulesCopy.RULES);
        Path bad = RulesCopy.CASES.resolve("medical/bad-input-date-after-asof.yaml");
        TestCaseRunner.Traced t = TestCaseRunner.runTraced(ruleset, bad, bad.toString());
        assertThat(t.result().passed()).isTrue();
        assertThat(t.firedRules()).isEmpty();

        Coverage coverage = Coverage.of(ruleset.rules(), Map.of(bad.toString(), t.firedRules()));

        assertThat(coverage.unexercisedRules()).hasSameSizeAs(ruleset.rules());
        assertThat(coverage.text()).contains("no test-case exercises").contains("未获医疗救助：费用均不在核定年度");
        assertThat(cn.pzh.eligibility.docs.CoveragePage.of(coverage, ruleset.version(), "x")).contains("没有任何测试案例覆盖");
    }
}
