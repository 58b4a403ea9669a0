package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Calc;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CalcTest {

    @Test
    void roundsHalfUpOnceAtTheEnd() {
        // 1000 ÷ 3 = 333.333…; 0.005 rounds up.
        assertThat(Calc.yuan(new BigDecimal("1000")).dividedBy(Calc.count(3, "人")).rounded()).isEqualByComparingTo("333.33");
        assertThat(Calc.yuan(new BigDecimal("0.005")).rounded()).isEqualByComparingTo("0.01");
        assertThat(Calc.yuan(new BigDecimal("0.004")).isPositive()).isFalse();
    }

    @Test
    void writesTheArithmeticWithParenthesesWhereNeeded() {
        Calc a = Calc.yuan(new BigDecimal("12000")).minus(Calc.yuan(new BigDecimal("8400")));
        assertThat(a.times(Calc.count(2, "次")).show()).isEqualTo("(12,000 元 − 8,400 元) × 2 次 = 7,200.00 元");
        assertThat(Calc.yuan(new BigDecimal("10")).minus(a).getText()).isEqualTo("10 元 − (12,000 元 − 8,400 元)");
        assertThat(Calc.yuan(new BigDecimal("3600.5")).show()).isEqualTo("3,600.50 元");
    }

    @Test
    void groupsThousands() {
        assertThat(cn.pzh.eligibility.params.Format.money(new BigDecimal("1234567.005"))).isEqualTo("1,234,567.01");
        assertThat(cn.pzh.eligibility.params.Format.money(new BigDecimal("-1234.5"))).isEqualTo("-1,234.50");
        assertThat(cn.pzh.eligibility.params.Format.number(new BigDecimal("100"))).isEqualTo("100");
        assertThat(cn.pzh.eligibility.params.Format.number(new BigDecimal("0.125"))).isEqualTo("0.125");
        assertThat(cn.pzh.eligibility.params.Format.money(new BigDecimal("999.995"))).isEqualTo("1,000.00");
    }

    @Test
    void theSmallerOfTwoIsSaidInWordsAndBracketedInsideAProduct() {
        Calc a = Calc.yuan(new BigDecimal("3600")).times(Calc.count(2, "次"));
        Calc b = Calc.yuan(new BigDecimal("5000"));
        assertThat(Calc.min(a, b).show()).isEqualTo("取 3,600 元 × 2 次 与 5,000 元 中的较小者 = 5,000.00 元");
        assertThat(Calc.min(a, b).times(Calc.count(3, "人")).getText())
                .isEqualTo("(取 3,600 元 × 2 次 与 5,000 元 中的较小者) × 3 人");
        assertThat(Calc.max(a, b).getText()).doesNotContain("max(");
    }
}
