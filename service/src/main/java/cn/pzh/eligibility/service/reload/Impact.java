package cn.pzh.eligibility.service.reload;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The publish gate's summary: the reference caseload evaluated under the ruleset in service (before) and the
 * candidate (after) on the same date. Cost is the sum over evaluated households of each determination's totals;
 * {@code annualized} = monthly × 12 + annual + one-off, the batch report's convention.
 */
public record Impact(
        String referenceCaseload,
        LocalDate asOf,
        long householdsRead,
        long householdsEvaluated,
        long householdsWithErrors,
        long householdsChanged,
        long householdsGaining,
        long householdsLosing,
        long householdsChangingAmount,
        Cost monthly,
        Cost annual,
        Cost oneOff,
        Cost annualized,
        String summaryZh) {

    public record Cost(BigDecimal before, BigDecimal after, BigDecimal difference) {
        static Cost of(BigDecimal before, BigDecimal after) {
            return new Cost(before, after, after.subtract(before));
        }
    }
}
