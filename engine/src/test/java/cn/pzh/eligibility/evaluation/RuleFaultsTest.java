package cn.pzh.eligibility.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.Paths;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in rule files that only show when a household reaches them: a rule that keeps re-activating itself, a
 * rule that uses a code the catalogue does not list. Each is an error naming the household (and the rule or code),
 * and in a batch it stays with the household that reached it. The real rules plus one file of faulty rules that
 * fire only for households whose id says so.
 */
class RuleFaultsTest {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);
    static Ruleset faulty;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Files.writeString(rules.resolve("zz-faults.drl"), """
                package rules;

                import cn.pzh.eligibility.evaluation.Case;
                import cn.pzh.eligibility.evaluation.Finding;
                import cn.pzh.eligibility.evaluation.Words;

                declare Tick
                    kase : Case
                    n : int
                end

                rule "故障：开始循环"
                when
                    $c : Case(householdId.startsWith("LOOP"))
                then
                    insert(new Tick($c, 0));
                end

                rule "故障：不停地再触发"
                when
                    $t : Tick(n >= 0)
                then
                    modify($t) { setN($t.getN() + 1) }
                end

                rule "故障：目录中没有的代码"
                when
                    $c : Case(householdId.startsWith("CODE"))
                then
                    Finding.advise(kcontext, $c, null, "NO_SUCH_CODE", Words.of("dibao-household-receives"));
                end
                """);
        faulty = Ruleset.load(rules);
    }

    private static Household household(String id) {
        return HouseholdReader.parse("{\"householdId\": \"" + id + "\", \"county\": \"东区\", \"residence\": \"URBAN\","
                + " \"povertyStatus\": \"REGISTERED\", \"members\": [{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\","
                + " \"receivesBasicPension\": true}]}");
    }

    @Test
    void aRuleThatKeepsReActivatingItselfIsStoppedWithAnErrorNamingTheHousehold() {
        assertThatThrownBy(() -> faulty.evaluate(household("LOOP-1"), AS_OF))
                .isExactlyInstanceOf(RuleEvaluationException.class)
                // the session stops at its limit of 100,000 firings (Drools may finish a few more)
                .hasMessageMatching("household LOOP-1: the rules fired 1000\\d\\d times without settling: a rule keeps"
                        + " re-activating itself（规则循环触发，请检查规则）");
    }

    @Test
    void aCodeTheCatalogueDoesNotListIsAnErrorNamingTheRuleAndTheCode() {
        assertThatThrownBy(() -> faulty.evaluate(household("CODE-1"), AS_OF))
                .isExactlyInstanceOf(RuleEvaluationException.class)
                .hasMessage("household CODE-1: rule '故障：目录中没有的代码' uses code NO_SUCH_CODE, which rules/codes.yaml does"
                        + " not list（规则使用了代码目录中没有的代码）");
    }

    @Test
    void inOneSessionEachFaultStaysWithItsHouseholdAndTheOthersAreAnsweredAsAlone() {
        List<Household> hs = List.of(household("OK-1"), household("LOOP-2"), household("CODE-2"), household("OK-2"));
        List<Evaluator.Outcome> out = faulty.evaluateAll(hs, AS_OF);
        assertThat(out).hasSize(4);
        assertThat(out.get(1).error()).isExactlyInstanceOf(RuleEvaluationException.class)
                .hasMessageMatching("household LOOP-2: the rules fired 1000\\d\\d times without settling.*");
        assertThat(out.get(2).error()).hasMessageStartingWith("household CODE-2: rule '故障：目录中没有的代码' uses code");
        for (int i : new int[] {0, 3}) {
            assertThat(out.get(i).error()).isNull();
            // what each gets alone
            assertThat(Json.MAPPER.writeValueAsString(out.get(i).determination()))
                    .isEqualTo(Json.MAPPER.writeValueAsString(faulty.evaluate(hs.get(i), AS_OF)));
        }
        // without a looping household the session is not redone, and a bad code still stays with its household
        List<Evaluator.Outcome> noLoop = faulty.evaluateAll(List.of(household("CODE-3"), household("OK-3")), AS_OF);
        assertThat(noLoop.get(0).error()).hasMessageStartingWith("household CODE-3: rule '故障：目录中没有的代码'");
        assertThat(noLoop.get(1).error()).isNull();
        assertThat(noLoop.get(1).determination().householdId()).isEqualTo("OK-3");
    }

    @Test
    void aTimeLimitMustBePositive() {
        assertThatThrownBy(() -> faulty.withTimeLimit(Duration.ZERO))
                .hasMessage("the evaluation time limit must be positive, was PT0S");
        assertThatThrownBy(() -> faulty.withTimeLimit(Duration.ofMillis(-1)))
                .hasMessage("the evaluation time limit must be positive, was PT-0.001S");
        assertThat(faulty.withTimeLimit(Duration.ofNanos(1)).timeLimit()).isEqualTo(Duration.ofNanos(1));
    }
}
