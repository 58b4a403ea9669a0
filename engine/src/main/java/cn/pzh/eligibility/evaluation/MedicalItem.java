package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.model.MedicalCost;
import cn.pzh.eligibility.model.MedicalKind;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One medical cost item of a member. {@code seq} is its place among the member's items ordered by date, then
 * input order (the order in which the annual cap is used up); {@code costItem} is its index in the input.
 */
public final class MedicalItem {

    private final Person person;
    private final MedicalCost cost;
    private final int costItem;
    private final int seq;

    public MedicalItem(Person person, MedicalCost cost, int costItem, int seq) {
        this.person = person;
        this.cost = cost;
        this.costItem = costItem;
        this.seq = seq;
    }

    public Person getPerson() {
        return person;
    }

    public int getCostItem() {
        return costItem;
    }

    public int getSeq() {
        return seq;
    }

    public LocalDate getDate() {
        return cost.date();
    }

    public int getYear() {
        return cost.date().getYear();
    }

    /** True when the item is dated in the calendar year of the assessment date. */
    public boolean isInAssessmentYear() {
        return cost.date().getYear() == person.getKase().getAsOf().getYear();
    }

    public MedicalKind getKind() {
        return cost.kind();
    }

    public boolean isInCounty() {
        return cost.inCounty();
    }

    public Calc total() {
        return Calc.yuan(cost.total());
    }

    /** total − basic insurance − serious-illness insurance − other reimbursement, with its arithmetic. */
    public Calc selfPay() {
        Calc c = Calc.yuan(cost.total());
        for (BigDecimal paid : new BigDecimal[] {cost.basicInsurance(), cost.seriousIllnessInsurance(),
                cost.otherReimbursement()}) {
            if (paid.signum() != 0) {
                c = c.minus(Calc.yuan(paid));
            }
        }
        return c;
    }

    public BigDecimal getSelfPayValue() {
        return cost.selfPay();
    }

    /** "2019-06-02 县域内住院费用 12,000 元". */
    public String describe() {
        return cost.date() + " " + (cost.inCounty() ? "县域内" : "县域外") + cost.kind().label() + "费用 "
                + cn.pzh.eligibility.params.Format.number(cost.total()) + " 元";
    }
}
