package cn.pzh.eligibility.evaluation;

import java.time.Duration;

/**
 * One household's evaluation went past its time limit and was stopped, so that no single household can hold a
 * core (issue 8): a fault to report for that household, not a determination.
 */
public final class EvaluationTimeoutException extends RuleEvaluationException {

    private final Duration limit;

    public EvaluationTimeoutException(String householdId, Duration limit) {
        super(householdId, "evaluation stopped after the time limit of " + limit.toMillis() + " ms ("
                + Evaluator.TIME_LIMIT_PROPERTY + ")（该户核定超过时限 " + seconds(limit)
                + " 秒，已中止；请检查该户的数据量，例如医疗费用条目）");
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
