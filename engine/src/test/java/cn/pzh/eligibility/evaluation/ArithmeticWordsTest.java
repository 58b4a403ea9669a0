package cn.pzh.eligibility.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.params.ParamType;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.params.ParameterSet;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The words of the arithmetic a caseworker reads aloud (POLICY.md §4), for the operations and shapes the current
 * rule files use rarely or not at all, and the household income line. Every expected text is written by hand.
 */
class ArithmeticWordsTest {

    private static Calc yuan(String v) {
        return Calc.yuan(new BigDecimal(v));
    }

    private static ParamValue param(String name, String description, String unit, ParamType type, Object value) {
        return new ParamValue(name, description, unit, type, LocalDate.of(2019, 1, 1), value, "r", "f.yaml", 1);
    }

    @Test
    void bracketsOnlyWhereReadingWithoutThemWouldChangeTheAmount() {
        Calc a = yuan("100");
        Calc b = yuan("20");
        Calc c = yuan("5");
        assertThat(a.minus(b).minus(c).show()).isEqualTo("100 元 − 20 元 − 5 元 = 75.00 元");
        assertThat(a.minus(b.minus(c)).show()).isEqualTo("100 元 − (20 元 − 5 元) = 85.00 元");
        assertThat(a.minus(b.plus(c)).show()).isEqualTo("100 元 − (20 元 + 5 元) = 75.00 元");
        assertThat(a.plus(b).times(c).show()).isEqualTo("(100 元 + 20 元) × 5 元 = 600.00 元");
        assertThat(a.times(b).plus(c).show()).isEqualTo("100 元 × 20 元 + 5 元 = 2,005.00 元");
        assertThat(a.dividedBy(b.times(c)).show()).isEqualTo("100 元 ÷ (20 元 × 5 元) = 1.00 元");
        assertThat(a.dividedBy(b).times(c).show()).isEqualTo("100 元 ÷ 20 元 × 5 元 = 25.00 元");
        assertThat(a.perMonth().show()).isEqualTo("100 元 ÷ 12 = 8.33 元");
        assertThat(b.perYear().show()).isEqualTo("20 元 × 12 个月 = 240.00 元");
        assertThat(a.times(3, "人").show()).isEqualTo("100 元 × 3 人 = 300.00 元");
        // a bare amount is just the amount
        assertThat(yuan("3600.5").show()).isEqualTo("3,600.50 元");
        assertThat(yuan("3600.5").toString()).isEqualTo("3,600.50 元");
    }

    @Test
    void theLargerAndTheSmallerOfTwoAreSaidInWords() {
        Calc cap = yuan("10000").named("年度封顶余额");
        Calc share = yuan("12000").minus(yuan("8400"));
        assertThat(Calc.max(share, cap).show())
                .isEqualTo("取 12,000 元 − 8,400 元 与 年度封顶余额 10,000 元 中的较大者 = 10,000.00 元");
        assertThat(Calc.max(share, cap).getValue()).isEqualByComparingTo("10000");
        assertThat(Calc.max(cap, share).getValue()).isEqualByComparingTo("10000");
        assertThat(Calc.min(share, cap).getValue()).isEqualByComparingTo("3600");
        assertThat(Calc.min(cap, share).getValue()).isEqualByComparingTo("3600");
        // an equal pair: either is the answer, and the words still name both
        assertThat(Calc.max(yuan("5"), yuan("5.00")).show()).isEqualTo("取 5 元 与 5 元 中的较大者 = 5.00 元");
        assertThat(Calc.max(yuan("5"), yuan("5.00")).times(2, "次").getText())
                .isEqualTo("(取 5 元 与 5 元 中的较大者) × 2 次");
        // a name before a computed amount keeps the computation shown
        assertThat(share.named("自付").show()).isEqualTo("自付 12,000 元 − 8,400 元 = 3,600.00 元");
        assertThat(yuan("7").named("余额").show()).isEqualTo("7.00 元");
    }

    @Test
    void aRoundedRestartShowsTheRoundedAmountAndKeepsItsParameters() {
        ParamValue rate = param("medical.rate", "救助比例", null, ParamType.rate, new BigDecimal("0.7"));
        ParamValue cap = param("medical.cap", "年度封顶", "元", ParamType.amount, new BigDecimal("10000"));
        Calc taken = yuan("1000").dividedBy(Calc.count(3, "次")).times(Calc.of(rate));
        Calc left = Calc.of(cap).minus(taken).asRounded();
        assertThat(left.show()).isEqualTo("9,766.67 元");
        assertThat(left.getText()).isEqualTo("9,766.67 元");
        assertThat(left.getValue()).isEqualByComparingTo("9766.67");
        assertThat(left.params()).containsExactly(cap, rate);
        // each parameter once, in the order it enters
        assertThat(Calc.of(rate).times(Calc.of(cap)).minus(Calc.of(rate)).params()).containsExactly(rate, cap);
        assertThat(yuan("1").plus(yuan("2")).params()).isEmpty();
        assertThat(Calc.of(rate).getText()).isEqualTo("70%");
        assertThat(Calc.of(cap).getText()).isEqualTo("10,000 元");
        ParamValue age = param("work_age.min", "劳动年龄下限", "周岁", ParamType.integer, 16);
        assertThat(Calc.of(age).getText()).isEqualTo("16 周岁");
    }

    @Test
    void comparisonsAndZeroAreExact() {
        assertThat(yuan("10").isAbove(yuan("9.99"))).isTrue();
        assertThat(yuan("10").isAbove(yuan("10.00"))).isFalse();
        assertThat(yuan("10").isBelow(yuan("10.00"))).isFalse();
        assertThat(yuan("9.99").isBelow(yuan("10"))).isTrue();
        assertThat(yuan("0.005").isPositive()).isTrue();
        assertThat(yuan("0.0049").isPositive()).isFalse();
        assertThat(yuan("0").isPositive()).isFalse();
    }

    @Test
    void theIncomeLineListsWhatIsCountedWhenThereIsMoreThanOneAndWhatIsLeftOut() {
        ParameterSet none = new ParameterSet(Map.of(
                "x", new Parameter("x", "x", null, ParamType.integer, List.of(param("x", "x", null, ParamType.integer, 1)),
                        "f", 1)));
        LocalDate asOf = LocalDate.of(2019, 10, 1);
        Case two = new Case(HouseholdReader.parse("""
                {"householdId": "H", "county": "东区", "residence": "URBAN", "povertyStatus": "NONE",
                 "incomes": [{"type": "WAGE", "annualAmount": 12000}, {"type": "AGRICULTURE", "annualAmount": 3600.5},
                             {"type": "DISABILITY_SUBSIDY", "annualAmount": 960}],
                 "members": [{"memberId": "m1", "birthDate": "1950-01-01"}]}"""), asOf, none.at(asOf));
        CountableIncome ci = CountableIncome.of(two, List.of("DISABILITY_SUBSIDY", "STUDENT_AID"));
        assertThat(ci.getKase()).isSameAs(two);
        assertThat(ci.getTotal().show()).isEqualTo("12,000 元 + 3,600.50 元 = 15,600.50 元");
        assertThat(ci.getText()).isEqualTo("家庭可支配收入 15,600.50 元/年（工资性收入 12,000 元、农业生产收入 3,600.50 元）"
                + "（不计入：残疾人补贴 960 元）");
        CountableIncome one = CountableIncome.of(two, List.of("DISABILITY_SUBSIDY", "WAGE"));
        assertThat(one.getText()).isEqualTo("家庭可支配收入 3,600.50 元/年（不计入：工资性收入 12,000 元、残疾人补贴 960 元）");
        CountableIncome all = CountableIncome.of(two, List.of());
        assertThat(all.getTotal().getValue()).isEqualByComparingTo("16560.5");
        assertThat(all.getText()).doesNotContain("不计入");
        CountableIncome nothing = CountableIncome.of(two, List.of("WAGE", "AGRICULTURE", "DISABILITY_SUBSIDY"));
        assertThat(nothing.getTotal().show()).isEqualTo("0.00 元");
        assertThat(nothing.getText()).startsWith("家庭可支配收入 0.00 元/年（不计入：");
    }
}
