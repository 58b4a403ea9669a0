package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Totals;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.rules.Codes;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The batch comparison's per-household step and its report, for a runner that is not {@link BatchRunner} (a job on a
 * cluster that adds the numbers up its own way): the same diff line as {@code batch --diff}, the numbers
 * {@link ImpactAggregate} is made of, and the same HTML report from an aggregate filled elsewhere.
 */
public final class HouseholdComparison {

    /** One entitlement of one member (memberId null: the household's), one cost item for medical codes. */
    public record Change(String code, String memberId, String change, BigDecimal before, BigDecimal after,
            String period) {
    }

    /** The sum of one code's grants to the household before and after. */
    public record CodeAmounts(String code, BigDecimal before, BigDecimal after) {
    }

    private final HouseholdImpact impact;

    private HouseholdComparison(HouseholdImpact impact) {
        this.impact = impact;
    }

    /**
     * @param line   the household's (first) line in its input, as the diff line and the report name it
     * @param traced both sides evaluated again with rule tracing; called only when something changed
     */
    public static HouseholdComparison of(long line, Household h, Determination before, Determination after,
            Supplier<List<Evaluator.Traced>> traced, RulesetDiff rulesetDiff) {
        return new HouseholdComparison(HouseholdImpact.of(line, h, before, after, traced, rulesetDiff));
    }

    public boolean changed() {
        return impact.changed();
    }

    /** The {@code batch --diff} line (no newline), or null when no entitlement changed. */
    public String diffLine() {
        return impact.diffLine();
    }

    public String county() {
        return impact.county();
    }

    public List<String> memberIds() {
        return impact.memberIds();
    }

    public Totals before() {
        return impact.before();
    }

    public Totals after() {
        return impact.after();
    }

    /** Per code, in code order. */
    public List<CodeAmounts> byCode() {
        return new TreeMap<>(impact.byCode()).entrySet().stream()
                .map(e -> new CodeAmounts(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    /** Every entitlement of either side with GAIN, LOSS, CHANGE or SAME; empty when nothing changed. */
    public List<Change> changes() {
        return impact.changes().stream().map(c -> new Change(c.code(), c.memberId(), c.change().name(), c.before(),
                c.after(), c.period() == null ? null : c.period().name())).toList();
    }

    /** The text the report's table of largest changes shows for this household. */
    public String summary(Codes catalogue) {
        return ImpactAggregate.summary(impact, catalogue);
    }

    /** monthly × 12 + annual + one-off: the report's convention. */
    public static BigDecimal annualized(Totals t) {
        return HouseholdImpact.annualized(t);
    }

    /** Upper bounds of the report's histogram buckets, as {@link ImpactAggregate#BUCKETS}. */
    public static List<Long> buckets() {
        return java.util.Arrays.stream(ImpactAggregate.BUCKETS).boxed().toList();
    }

    /**
     * The report {@code batch --report} writes, from an aggregate filled by the caller.
     *
     * @param options        names the input and diff files and holds the (new) ruleset whose catalogue names codes
     * @param householdsRead non-blank records read
     * @param errors         households refused
     */
    public static String reportHtml(ImpactAggregate aggregate, RulesetDiff rulesetDiff, BatchOptions options,
            long householdsRead, long errors) {
        Checkpoint cp = new Checkpoint();
        cp.households = householdsRead;
        cp.errors = errors;
        return ReportWriter.html(aggregate, rulesetDiff, options, cp);
    }
}
