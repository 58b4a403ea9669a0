package cn.pzh.eligibility.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.Paths;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.model.Household;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8, finding 2: the explanation arithmetic of a member's medical items was built so that each item doubled
 * the work (30 items took 22 s). A chronic patient has 12–40 items a year. These evaluate, and the cap is used up
 * as POLICY.md §2 says. The timeouts are hang guards only (before the fix these ran for minutes), not a benchmark.
 */
class MedicalItemsScaleTest {

    private static final LocalDate AS_OF = LocalDate.of(2019, 12, 31);
    private static Ruleset ruleset;

    @BeforeAll
    static void load() {
        ruleset = Ruleset.load(Paths.RULES);
    }

    /** {@code items} in-county INPATIENT items of 100 yuan with no reimbursement, one a day from 1 January. */
    private static String member(String id, int items) {
        StringBuilder sb = new StringBuilder("{\"memberId\":\"" + id + "\",\"birthDate\":\"1940-01-01\","
                + "\"receivesBasicPension\":true,\"medicalCosts\":[");
        LocalDate d = LocalDate.of(2019, 1, 1);
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"date\":\"").append(d.plusDays(i % 365)).append("\","
                    + "\"kind\":\"INPATIENT\",\"inCounty\":true,\"total\":100.00,\"basicInsurance\":0,"
                    + "\"seriousIllnessInsurance\":0,\"otherReimbursement\":0}");
        }
        return sb.append("]}").toString();
    }

    private static Household household(int members, int items) {
        StringBuilder sb = new StringBuilder("{\"householdId\":\"SCALE\",\"county\":\"东区\",\"residence\":\"RURAL\","
                + "\"povertyStatus\":\"REGISTERED\",\"receivesDibao\":true,\"members\":[");
        for (int m = 0; m < members; m++) {
            sb.append(m == 0 ? "" : ",").append(member("m" + (m + 1), items));
        }
        return HouseholdReader.parse(sb.append("]}").toString());
    }

    private static BigDecimal total(Determination d, String code) {
        return d.entitlements().stream().filter(e -> e.code().equals(code))
                .map(Determination.Entitlement::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void oneMemberWithFortyItemsIsEvaluated() {
        Determination d = ruleset.evaluate(household(1, 40), AS_OF);
        // By hand: self-pay 100 each, 70% = 70, 40 × 70 = 2,800 stays under the 10,000 cap: 40 grants. Each item
        // still leaves 100 − 70 = 30 yuan, above 10% of 100 = 10: the fund tops up 20 per item, 800 in all.
        assertThat(d.entitlements().stream().filter(e -> e.code().equals("MEDICAL_ASSISTANCE"))).hasSize(40);
        assertThat(total(d, "MEDICAL_ASSISTANCE")).isEqualByComparingTo("2800.00");
        assertThat(total(d, "MEDICAL_SHARE_CAP_TOPUP")).isEqualByComparingTo("800.00");
        assertThat(d.entitlements().get(d.entitlements().size() - 1).explanation()).contains("20.00 元");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoHundredMembersWithTwoHundredItemsEachAreEvaluated() {
        Determination d = ruleset.evaluate(household(200, 200), AS_OF);
        // Each member by hand: 142 × 70 = 9,940, the 143rd item gets the 60 left of the 10,000 cap, the other 57
        // nothing. Top-up: 142 × (100 − 70 − 10) = 2,840; the 143rd 100 − 60 − 10 = 30; 57 × (100 − 0 − 10) = 5,130;
        // 8,000 in all.
        assertThat(total(d, "MEDICAL_ASSISTANCE")).isEqualByComparingTo("2000000.00");
        assertThat(total(d, "MEDICAL_SHARE_CAP_TOPUP")).isEqualByComparingTo("1600000.00");
        assertThat(d.entitlements().stream().filter(e -> e.code().equals("MEDICAL_ASSISTANCE"))).hasSize(200 * 143);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEvaluationPastItsTimeLimitStopsWithAnErrorNamingTheHousehold() {
        Ruleset evaluator = ruleset.withTimeLimit(java.time.Duration.ofMillis(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluator.evaluate(household(200, 200), AS_OF))
                .isInstanceOf(EvaluationTimeoutException.class)
                .hasMessageContaining("household SCALE").hasMessageContaining("1 ms").hasMessageContaining("核定超过时限")
                .hasMessageContaining(Evaluator.TIME_LIMIT_PROPERTY);
        // The same rules with a limit that fits answer a small household.
        Determination small = evaluator.withTimeLimit(java.time.Duration.ofSeconds(30)).evaluate(household(1, 1), AS_OF);
        assertThat(total(small, "MEDICAL_ASSISTANCE")).isEqualByComparingTo("70.00");
        // A batch within its limit answers every household.
        Ruleset batch = ruleset.withTimeLimit(java.time.Duration.ofSeconds(30));
        var outcomes = batch.evaluateAll(java.util.List.of(household(1, 2), household(1, 3)), AS_OF);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(total(outcomes.get(1).determination(), "MEDICAL_ASSISTANCE")).isEqualByComparingTo("210.00");
    }

    @Test
    void theTimeLimitIsReadFromItsProperty() {
        String old = System.getProperty(Evaluator.TIME_LIMIT_PROPERTY);
        try {
            System.setProperty(Evaluator.TIME_LIMIT_PROPERTY, "PT2S");
            assertThat(Evaluator.configuredTimeLimit()).isEqualTo(java.time.Duration.ofSeconds(2));
            System.setProperty(Evaluator.TIME_LIMIT_PROPERTY, "1500");
            assertThat(Evaluator.configuredTimeLimit()).isEqualTo(java.time.Duration.ofMillis(1500));
            System.setProperty(Evaluator.TIME_LIMIT_PROPERTY, "soon");
            org.assertj.core.api.Assertions.assertThatThrownBy(Evaluator::configuredTimeLimit)
                    .hasMessageContaining(Evaluator.TIME_LIMIT_PROPERTY);
            System.clearProperty(Evaluator.TIME_LIMIT_PROPERTY);
            assertThat(Evaluator.configuredTimeLimit()).isEqualTo(Evaluator.DEFAULT_TIME_LIMIT);
        } finally {
            if (old == null) {
                System.clearProperty(Evaluator.TIME_LIMIT_PROPERTY);
            } else {
                System.setProperty(Evaluator.TIME_LIMIT_PROPERTY, old);
            }
        }
    }
}
