package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.model.Income;
import cn.pzh.eligibility.params.Format;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The household's countable yearly income (家庭可支配收入) and how it was added up. */
public final class CountableIncome {

    private final Case kase;
    private final Calc total;
    private final List<String> excludedTypes;
    private String text;

    private CountableIncome(Case kase, Calc total, List<String> excludedTypes) {
        this.kase = kase;
        this.total = total;
        this.excludedTypes = excludedTypes;
    }

    /** Sums every income whose type is not among {@code excludedTypes}; the rule decides which types those are. */
    public static CountableIncome of(Case kase, List<String> excludedTypes) {
        Calc sum = null;
        for (Income i : kase.getIncomes()) {
            if (!excludedTypes.contains(i.type().name())) {
                sum = sum == null ? Calc.yuan(i.annualAmount()) : sum.plus(Calc.yuan(i.annualAmount()));
            }
        }
        return new CountableIncome(kase, sum == null ? Calc.yuan(BigDecimal.ZERO) : sum, excludedTypes);
    }

    public Case getKase() {
        return kase;
    }

    public Calc getTotal() {
        return total;
    }

    /** What a slot of the wording that is given this income says: {@link #getText()}. */
    @Override
    public String toString() {
        return getText();
    }

    /** "家庭可支配收入 3,600.00 元/年（不计入：残疾人补贴 960 元）": written when an explanation first asks. */
    public String getText() {
        if (text == null) {
            List<String> counted = new ArrayList<>();
            List<String> left = new ArrayList<>();
            for (Income i : kase.getIncomes()) {
                String item = i.type().label() + " " + Format.number(i.annualAmount()) + " 元";
                (excludedTypes.contains(i.type().name()) ? left : counted).add(item);
            }
            text = "家庭可支配收入 " + Format.money(total.getValue()) + " 元/年"
                    + (counted.size() > 1 ? "（" + String.join("、", counted) + "）" : "")
                    + (left.isEmpty() ? "" : "（不计入：" + String.join("、", left) + "）");
        }
        return text;
    }
}
