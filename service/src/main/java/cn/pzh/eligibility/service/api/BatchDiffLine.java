package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.evaluation.Determination.Totals;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;

/**
 * One line of a comparison job's diff file (JSON Lines), for the OpenAPI document only: the engine's batch runner
 * writes it for each household whose entitlements changed between the baseline (before) and the job (after).
 */
public record BatchDiffLine(long line, String householdId, String county,
        @Schema(description = "how many members the household has") int members,
        Dates asOf, Versions ruleset, List<Change> entitlements, TotalsChange totals,
        @Schema(description = "monthly × 12 + annual + one-off, after minus before") BigDecimal annualizedDifference,
        Rules rules, List<ParameterChange> parameters) {

    @Schema(name = "BatchDiffDates")
    public record Dates(@Schema(format = "date") String before, @Schema(format = "date") String after) {
    }

    @Schema(name = "BatchDiffVersions")
    public record Versions(String before, String after) {
    }

    /** {@code before}/{@code after}: null where the household had the entitlement on one side only. */
    @Schema(name = "BatchDiffEntitlement")
    public record Change(String code, String name, String memberId, Integer costItem, String period,
            @Schema(allowableValues = {"GAIN", "LOSS", "CHANGE", "SAME"}) String change, BigDecimal before,
            BigDecimal after, BigDecimal difference, String ruleBefore, String ruleAfter) {
    }

    @Schema(name = "BatchDiffTotals")
    public record TotalsChange(Totals before, Totals after, Totals difference) {
    }

    @Schema(name = "BatchDiffRules")
    public record Rules(List<String> granting, List<String> firedOnlyBefore, List<String> firedOnlyAfter,
            List<String> changedText) {
    }

    @Schema(name = "BatchDiffParameter")
    public record ParameterChange(String name, String description, String before, String after) {
    }
}
