package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The household of shared/spec, as issue 2 states its answer (worked out by hand from POLICY.md). */
class ExampleHouseholdTest {

    private static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);
    private static Ruleset ruleset;
    private static Household household;

    @BeforeAll
    static void load() throws Exception {
        ruleset = Ruleset.load(Paths.RULES);
        household = HouseholdReader.parse(Files.readString(Paths.EXAMPLE));
    }

    @Test
    void grantsExactlyWhatThePolicySays() {
        Determination d = ruleset.evaluate(household, AS_OF);
        assertThat(d.entitlements()).extracting(e -> e.code() + " " + e.memberId() + " " + e.amount().toPlainString())
                .containsExactly(
                        "DIBAO_FALLBACK null 930.00",
                        "DIBAO_CLASSIFIED_SUPPLEMENT m1 82.00",
                        "DIBAO_CLASSIFIED_SUPPLEMENT m2 123.00",
                        "DIBAO_CLASSIFIED_SUPPLEMENT m3 41.00",
                        "PENSION_CONTRIBUTION m2 100.00",
                        "DISABILITY_LIVING_SUBSIDY m1 90.00",
                        "SEVERE_DISABILITY_NURSING_SUBSIDY m1 50.00",
                        "MEDICAL_ASSISTANCE m1 2520.00",
                        "EDUCATION_AID m3 1000.00");
        // 三个一批 (2.1.6.2): m2 is seriously ill, m1 chronically ill, both in a registered-poor household.
        assertThat(d.advisories()).extracting(a -> a.code() + " " + a.memberId())
                .containsExactly("SERIOUS_ILLNESS_TREATMENT m2", "CHRONIC_DISEASE_SERVICE m1", "PENSION_ENROL m2");
        // 930 + 82 + 123 + 41 + 90 + 50 monthly; 100 + 1000 annual; 2520 one-off.
        assertThat(d.totals().monthly()).isEqualByComparingTo("1316.00");
        assertThat(d.totals().annual()).isEqualByComparingTo("1100.00");
        assertThat(d.totals().oneOff()).isEqualByComparingTo("2520.00");
        assertThat(d.ruleset().version()).isEqualTo(ruleset.version()).hasSize(16);
    }

    @Test
    void explanationsShowTheArithmeticTheParametersAndTheClause() {
        Determination d = ruleset.evaluate(household, AS_OF);
        Entitlement fallback = d.entitlements().get(0);
        assertThat(fallback.explanation())
                .contains("410 元 × 3 人 − 3,600 元 ÷ 12 = 930.00 元")
                .contains("农村低保标准 410 元/人·月（自 2019-01-01 起执行）")
                .contains("不计入：残疾人补贴 960 元")
                .contains("攀脱贫领发〔2019〕2号 二（一）7 一是");
        assertThat(fallback.clause()).isEqualTo("2.1.7.1");
        Entitlement medical = d.entitlements().stream().filter(e -> e.code().equals("MEDICAL_ASSISTANCE")).findFirst().orElseThrow();
        // Read aloud: 取…中的较小者, not min(…) (POLICY.md §4); the member by relation, not by id.
        assertThat(medical.explanation())
                .contains("取 (12,000 元 − 8,400 元) × 70% 与 年度封顶余额 10,000 元 中的较小者 = 2,520.00 元")
                .contains("户主（61 周岁）").doesNotContain("min(").doesNotContain("m1");
        assertThat(medical.costItem()).isZero();
        for (Entitlement e : d.entitlements()) {
            assertThat(e.explanation()).as(e.code()).contains("计算：").contains("条款 " + e.clause()).contains("自 ");
            assertThat(e.rule()).as(e.code()).matches(".*[\\u4e00-\\u9fff].*");
        }
        assertThat(d.advisories().stream().filter(a -> a.code().equals("PENSION_ENROL")).findFirst().orElseThrow()
                .message()).contains("户主的子女（33 周岁）").contains("2.1.7.2")
                .doesNotContain("m2");
    }

    @Test
    void explainsTheNearMissOfTheMemberTooOldForThePensionContribution() {
        Determination d = ruleset.evaluate(household, AS_OF);
        assertThat(d.notGranted()).anySatisfy(n -> {
            assertThat(n.code()).isEqualTo("PENSION_CONTRIBUTION");
            assertThat(n.memberId()).isEqualTo("m1");
            assertThat(n.reasons()).anySatisfy(r -> assertThat(r).contains("59 周岁"));
        });
    }

    @Test
    void sameInputSameRulesetSameDateGiveTheSameBytes() throws Exception {
        String first = Json.MAPPER.writeValueAsString(ruleset.evaluate(household, AS_OF));
        Ruleset again = Ruleset.load(Paths.RULES);
        assertThat(again.version()).isEqualTo(ruleset.version());
        for (int i = 0; i < 20; i++) {
            assertThat(Json.MAPPER.writeValueAsString(again.evaluate(household, AS_OF))).isEqualTo(first);
        }
    }

    @Test
    void tracedEvaluationNamesTheRulesThatFired() {
        List<String> fired = ruleset.evaluateTraced(household, AS_OF).firedRules();
        assertThat(fired).contains("低保兜底：建档立卡户收入低于低保标准且无可就业成员", "家庭可支配收入：合计各项收入，不计入规定类型")
                .doesNotContain("有劳动能力可就业成员");
    }
}
