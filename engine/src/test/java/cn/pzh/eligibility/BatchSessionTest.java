package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.rules.Ruleset;
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
}
