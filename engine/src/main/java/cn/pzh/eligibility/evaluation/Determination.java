package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.rules.Codes.Period;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** The answer for one household on one date, in the shape of shared/spec/README.md. Field order is fixed. */
public record Determination(
        String householdId,
        String asOf,
        RulesetRef ruleset,
        List<Entitlement> entitlements,
        List<Advisory> advisories,
        List<NotGranted> notGranted,
        Totals totals) {

    public record RulesetRef(String version) {
    }

    /** {@code costItem}: index of the medical cost item in the member's input list, for per-item entitlements. */
    public record Entitlement(String code, String name, String memberId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer costItem, BigDecimal amount, Period period,
            String clause, String rule, String explanation) {
    }

    public record Advisory(String code, String name, String memberId, String clause, String rule, String message) {
    }

    public record NotGranted(String code, String name, String memberId, String clause, List<String> reasons) {
    }

    /** Sums per period: MONTHLY grants, ANNUAL grants, ONE_OFF grants. */
    public record Totals(BigDecimal monthly, BigDecimal annual, BigDecimal oneOff) {
    }
}
