package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.rules.Wording;
import org.kie.api.runtime.rule.RuleContext;

/**
 * What a rule concluded about a household or member: a grant, an advisory or a reason for not granting.
 * Carries the rule and clause that made it, read from the rule itself.
 */
public abstract sealed class Finding permits Finding.Grant, Finding.Advice, Finding.Refusal {

    private final Case kase;
    private final Person person;
    private final String code;
    private final String rule;
    private final String clause;

    Finding(RuleContext rc, Case kase, Person person, String code) {
        this.kase = kase;
        this.person = person;
        this.code = code;
        this.rule = rc.getRule().getName();
        Object c = rc.getRule().getMetaData().get("clause");
        this.clause = c == null ? "" : String.valueOf(c);
    }

    public Case getKase() {
        return kase;
    }

    /** Null for a household finding. */
    public Person getPerson() {
        return person;
    }

    public String getMemberId() {
        return person == null ? null : person.getMemberId();
    }

    public String getCode() {
        return code;
    }

    public String getRule() {
        return rule;
    }

    public String getClause() {
        return clause;
    }

    // ---- called from rule consequences ----

    /**
     * Grants {@code code} to the household ({@code person} null) or a member, with the facts that justify it: the
     * template they are said in and its slot values, written when the determination is assembled.
     */
    public static void grant(RuleContext rc, Case kase, Person person, String code, Calc amount, Words facts) {
        if (amount.isPositive()) {
            add(rc, new Grant(rc, kase, person, code, amount, facts, null));
        } else {
            add(rc, new Refusal(rc, kase, person, code, zero(facts, amount)));
        }
    }

    /** An amount of 0.00 is not granted (POLICY.md §2); the determination says so, with the arithmetic. */
    private static Words zero(Words facts, Calc amount) {
        return Words.of(Wording.AMOUNT_ZERO).with("事实", facts).with("金额", amount);
    }

    /** Grants {@code code} for one medical cost item. */
    public static void grantItem(RuleContext rc, MedicalItem item, String code, Calc amount, Words facts) {
        Person p = item.getPerson();
        if (amount.isPositive()) {
            add(rc, new Grant(rc, p.getKase(), p, code, amount, facts, item.getCostItem()));
        } else {
            add(rc, new Refusal(rc, p.getKase(), p, code, Words.of(Wording.AMOUNT_ZERO_ITEM)
                    .with("费用", item.describe()).with("理由", zero(facts, amount))));
        }
    }

    public static void advise(RuleContext rc, Case kase, Person person, String code, Words message) {
        add(rc, new Advice(rc, kase, person, code, message));
    }

    public static void refuse(RuleContext rc, Case kase, Person person, String code, Words reason) {
        add(rc, new Refusal(rc, kase, person, code, reason));
    }

    private static void add(RuleContext rc, Finding f) {
        f.kase.record(f);
        rc.getKieRuntime().insert(f);
    }

    /** A money entitlement. */
    public static final class Grant extends Finding {
        private final Calc amount;
        private final Words facts;
        private final Integer costItem;

        Grant(RuleContext rc, Case kase, Person person, String code, Calc amount, Words facts, Integer costItem) {
            super(rc, kase, person, code);
            this.amount = amount;
            this.facts = facts;
            this.costItem = costItem;
        }

        public Calc getAmount() {
            return amount;
        }

        /** The rounded amount, what is paid. */
        public java.math.BigDecimal getValue() {
            return amount.rounded();
        }

        /** The facts, to be written in the ruleset's words. */
        public Words getFacts() {
            return facts;
        }

        public Integer getCostItem() {
            return costItem;
        }
    }

    /** A next step for staff, no money. */
    public static final class Advice extends Finding {
        private final Words message;

        Advice(RuleContext rc, Case kase, Person person, String code, Words message) {
            super(rc, kase, person, code);
            this.message = message;
        }

        public Words getMessage() {
            return message;
        }
    }

    /** Why a near-miss does not qualify. */
    public static final class Refusal extends Finding {
        private final Words reason;

        Refusal(RuleContext rc, Case kase, Person person, String code, Words reason) {
            super(rc, kase, person, code);
            this.reason = reason;
        }

        public Words getReason() {
            return reason;
        }
    }
}
