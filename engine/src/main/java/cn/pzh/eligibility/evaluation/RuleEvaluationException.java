package cn.pzh.eligibility.evaluation;

/** The rules failed while evaluating a household: a fault of the ruleset, not of the household. */
public class RuleEvaluationException extends RuntimeException {

    private final String householdId;

    public RuleEvaluationException(String householdId, String message) {
        super("household " + householdId + ": " + message);
        this.householdId = householdId;
    }

    public String householdId() {
        return householdId;
    }

    static RuleEvaluationException from(String householdId, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rule = e.getMessage() == null ? "" : e.getMessage().lines().filter(l -> l.contains("Rule name"))
                .findFirst().map(l -> " (" + l.trim() + ")").orElse("");
        return new RuleEvaluationException(householdId, "a rule failed" + rule + ": " + root.getMessage()
                + "（规则执行出错）");
    }
}
