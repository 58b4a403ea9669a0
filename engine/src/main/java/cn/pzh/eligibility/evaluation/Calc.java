package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.params.Format;
import cn.pzh.eligibility.params.ParamValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An amount together with the arithmetic that produced it, so the explanation a caseworker reads is the
 * computation itself and cannot drift from it: {@code 410 元 × 3 人 − 3,600 元 ÷ 12 = 930.00 元}.
 * Exact decimals throughout; rounded HALF_UP to fen once, by {@link #rounded()}. Immutable.
 */
public final class Calc {

    /** Division is the only inexact step (1,000 ÷ 3); 34 significant digits keep it far below a fen. */
    private static final MathContext DIVISION = MathContext.DECIMAL128;
    private static final int ATOM = 3;
    private static final int PRODUCT = 2;
    private static final int SUM = 1;
    /** Calendar facts, not policy values: a year has twelve months. */
    private static final BigDecimal MONTHS_PER_YEAR = BigDecimal.valueOf(12);

    private final BigDecimal value;
    private final String text;
    private final int precedence;
    private final List<ParamValue> params;
    /** False for a bare value: its explanation is just the amount, with no "= …". */
    private final boolean compound;

    private Calc(BigDecimal value, String text, int precedence, List<ParamValue> params) {
        this(value, text, precedence, params, precedence != ATOM);
    }

    private Calc(BigDecimal value, String text, int precedence, List<ParamValue> params, boolean compound) {
        this.value = value;
        this.text = text;
        this.precedence = precedence;
        this.params = params;
        this.compound = compound;
    }

    /** The same amount with a name in front: "年度封顶余额 10,000 元". */
    public Calc named(String label) {
        return new Calc(value, label + " " + text, ATOM, params, compound);
    }

    /** A parameter's value: an amount shows as "410 元", a rate as "70%"; the parameter is cited. */
    public static Calc of(ParamValue p) {
        String shown = switch (p.type()) {
            case rate -> Format.percent(p.decimal());
            case amount -> Format.number(p.decimal()) + " 元";
            default -> p.display();
        };
        return new Calc(p.decimal(), shown, ATOM, List.of(p));
    }

    /** An amount of yuan from the household's facts. */
    public static Calc yuan(BigDecimal amount) {
        return new Calc(amount, Format.number(amount) + " 元", ATOM, List.of());
    }

    /** A count with its unit: "3 人". */
    public static Calc count(int n, String unit) {
        return new Calc(BigDecimal.valueOf(n), n + " " + unit, ATOM, List.of());
    }

    public static Calc min(Calc a, Calc b) {
        BigDecimal v = a.value.compareTo(b.value) <= 0 ? a.value : b.value;
        return new Calc(v, "min(" + a.text + ", " + b.text + ")", ATOM, merge(a, b), true);
    }

    public static Calc max(Calc a, Calc b) {
        BigDecimal v = a.value.compareTo(b.value) >= 0 ? a.value : b.value;
        return new Calc(v, "max(" + a.text + ", " + b.text + ")", ATOM, merge(a, b), true);
    }

    public Calc times(Calc o) {
        return new Calc(value.multiply(o.value), wrap(this, PRODUCT, false) + " × " + wrap(o, PRODUCT, true), PRODUCT,
                merge(this, o));
    }

    public Calc times(int n, String unit) {
        return times(count(n, unit));
    }

    public Calc dividedBy(Calc o) {
        return new Calc(value.divide(o.value, DIVISION), wrap(this, PRODUCT, false) + " ÷ " + wrap(o, PRODUCT, true),
                PRODUCT, merge(this, o));
    }

    public Calc plus(Calc o) {
        return new Calc(value.add(o.value), wrap(this, SUM, false) + " + " + wrap(o, SUM, true), SUM, merge(this, o));
    }

    public Calc minus(Calc o) {
        return new Calc(value.subtract(o.value), wrap(this, SUM, false) + " − " + wrap(o, SUM, true), SUM,
                merge(this, o));
    }

    /** A yearly amount per month: "3,600 元 ÷ 12". */
    public Calc perMonth() {
        return new Calc(value.divide(MONTHS_PER_YEAR, DIVISION), wrap(this, PRODUCT, false) + " ÷ 12", PRODUCT, params);
    }

    /** A monthly amount for a year: "410 元 × 12 个月". */
    public Calc perYear() {
        return new Calc(value.multiply(MONTHS_PER_YEAR), wrap(this, PRODUCT, false) + " × 12 个月", PRODUCT, params);
    }

    /** This amount rounded to fen, as a new starting value (its arithmetic is not repeated). */
    public Calc asRounded() {
        return new Calc(rounded(), Format.money(rounded()) + " 元", ATOM, params, false);
    }

    public BigDecimal getValue() {
        return value;
    }

    public BigDecimal rounded() {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    /** True when the amount is above 0.00 once rounded: an amount of 0.00 is not granted. */
    public boolean isPositive() {
        return rounded().signum() > 0;
    }

    public boolean isAbove(Calc o) {
        return value.compareTo(o.value) > 0;
    }

    public boolean isBelow(Calc o) {
        return value.compareTo(o.value) < 0;
    }

    public String getText() {
        return text;
    }

    /** "410 元 × 3 人 − 3,600 元 ÷ 12 = 930.00 元". */
    public String show() {
        String result = Format.money(rounded()) + " 元";
        return compound ? text + " = " + result : result;
    }

    public List<ParamValue> params() {
        return params;
    }

    private static String wrap(Calc c, int context, boolean right) {
        boolean needs = c.precedence < context || (right && c.precedence == context && context != ATOM);
        return needs ? "(" + c.text + ")" : c.text;
    }

    private static List<ParamValue> merge(Calc a, Calc b) {
        if (b.params.isEmpty()) {
            return a.params;
        }
        if (a.params.isEmpty()) {
            return b.params;
        }
        List<ParamValue> out = new ArrayList<>(a.params);
        for (ParamValue p : b.params) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return show();
    }
}
