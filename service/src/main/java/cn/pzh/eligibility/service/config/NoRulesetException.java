package cn.pzh.eligibility.service.config;

/** The service is running but its rules did not load: answers 503 until a ruleset is in place. */
public class NoRulesetException extends RuntimeException {

    private final RulesetHolder.State state;

    public NoRulesetException(RulesetHolder.State state) {
        super("no ruleset is loaded from " + state.directory());
        this.state = state;
    }

    public RulesetHolder.State state() {
        return state;
    }
}
