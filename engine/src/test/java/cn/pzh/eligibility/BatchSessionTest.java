package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.testcases.TestCase;
import cn.pzh.eligibility.testcases.TestCaseReader;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many households in one rule session must give each exactly what it gets alone: no rule may let one household
 * see another's facts. Uses every household of the test-cases, all at one date.
 */
class BatchSessionTest {

    @Test
    void householdsEvaluatedTogetherGetWhatEachGetsAlone() {
        Ruleset ruleset = Ruleset.load(Paths.RULES);
        LocalDate asOf = LocalDate.of(2020, 6, 30);
        List<Household> households = new ArrayList<>();
        for (Path f : TestCaseRunner.find(Paths.TEST_CASES)) {
            TestCase tc = TestCaseReader.read(f, f.toString());
            try {
                households.add(HouseholdReader.read(tc.household()));
            } catch (InvalidHouseholdException e) {
                // bad-input cases have no household to evaluate
            }
        }
        assertThat(households).hasSizeGreaterThan(50);
        List<Evaluator.Outcome> together = ruleset.evaluateAll(households, asOf);
        int compared = 0;
        for (int i = 0; i < households.size(); i++) {
            Evaluator.Outcome o = together.get(i);
            try {
                String alone = Json.MAPPER.writeValueAsString(ruleset.evaluate(households.get(i), asOf));
                assertThat(o.error()).as(households.get(i).householdId()).isNull();
                assertThat(Json.MAPPER.writeValueAsString(o.determination())).isEqualTo(alone);
                compared++;
            } catch (InvalidHouseholdException e) {
                assertThat(o.error()).isInstanceOf(InvalidHouseholdException.class).hasMessage(e.getMessage());
            }
        }
        assertThat(compared).isGreaterThan(50);
    }

    /**
     * Rule sessions are pooled and reused: a household whose evaluation fails half-way must leave nothing behind
     * for the next household evaluated on the same session.
     */
    @Test
    void aFailedEvaluationLeavesNothingForTheNext(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        java.nio.file.Path drl = rules.resolve("pension.drl");
        java.nio.file.Files.writeString(drl, java.nio.file.Files.readString(drl)
                .replace("$c.amount(\"pension.minimum_tier\")", "$c.amount(\"pension.minimum_teir\")"));
        Ruleset broken = Ruleset.load(rules);
        Ruleset good = Ruleset.load(Paths.RULES);
        LocalDate asOf = LocalDate.of(2019, 10, 1);
        Household failing = HouseholdReader.parse(java.nio.file.Files.readString(Paths.EXAMPLE));
        List<Household> others = new ArrayList<>();
        int refused = 0;
        for (Path f : TestCaseRunner.find(Paths.TEST_CASES)) {
            try {
                Household h = HouseholdReader.read(TestCaseReader.read(f, f.toString()).household());
                good.evaluate(h, asOf);
                others.add(h);
            } catch (InvalidHouseholdException e) {
                // bad-input cases, and households that do not fit this date (a member born after it…): refused
                // households only; anything else the good rules throw fails the test
                refused++;
            }
        }
        assertThat(others.size()).as("households compared (%d refused)", refused).isGreaterThan(refused);
        int compared = 0;
        for (Household h : others) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.evaluate(failing, asOf))
                    .hasMessageContaining("pension.minimum_teir");
            String expected;
            try {
                expected = Json.MAPPER.writeValueAsString(good.evaluate(h, asOf).entitlements());
                String actual = Json.MAPPER.writeValueAsString(broken.evaluate(h, asOf).entitlements());
                assertThat(actual).as(h.householdId()).isEqualTo(expected);
                compared++;
            } catch (cn.pzh.eligibility.evaluation.RuleEvaluationException e) {
                // this household reaches the broken rule too: only that failure may be excused
                assertThat(e).hasMessageContaining("pension.minimum_teir");
            }
        }
        assertThat(compared).isGreaterThan(20);
    }
}
