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
 *
 * <p>The value is computed at once; the words are written only when an explanation asks for them, since most
 * intermediate amounts (a standard for the year, a cap not reached) never reach one.
 */
public final class Calc {

    /** Division is the only inexact step (1,000 ÷ 3); 34 significant digits keep it far below a fen. */
    private static final MathContext DIVISION = MathContext.DECIMAL128;
    private static final int ATOM = 3;
    private static final int PRODUCT = 2;
    private static final int SUM = 1;
    /** "取 … 中的较小者": wrapped in brackets wherever it is an operand, so it never reads as part of a product. */
    private static final int CHOICE = 0;
    /** Calendar facts, not policy values: a year has twelve months. */
    private static final BigDecimal MONTHS_PER_YEAR = BigDecimal.valueOf(12);
    private static final Calc TWELVE = leaf(MONTHS_PER_YEAR, "12", null);
    private static final Calc TWELVE_MONTHS = leaf(MONTHS_PER_YEAR, "12 个月", null);

    private final BigDecimal value;
    private final int precedence;
    /** False for a bare value: its explanation is just the amount, with no "= …". */
    private final boolean compound;

    // How the amount is written: a leaf's words, or an operator (" × ", "min", a label) with its operands.
    private final String words;
    private final String operator;
    private final Calc left;
    private final Calc right;
    /** The parameter a leaf shows, or null. */
    private final ParamValue param;
    /**
     * Every parameter the amount was computed from, each once, gathered when the node is made. A rounded restart
     * (the annual cap left after each medical item) refers to the arithmetic before it twice, through the cap and
     * through the amount taken from it: walking that as a tree doubled the work per item (issue 8), so the list is
     * carried instead of recomputed.
     */
    private final List<ParamValue> params;
    private String text;

    private Calc(BigDecimal value, int precedence, boolean compound, String words, String operator, Calc left,
            Calc right, ParamValue param, Calc origin) {
        this.value = value;
        this.precedence = precedence;
        this.compound = compound;
        this.words = words;
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.param = param;
        List<ParamValue> ps = param == null ? List.of() : List.of(param);
        if (origin != null) {
            ps = union(ps, origin.params);
        }
        if (left != null) {
            ps = union(ps, left.params);
        }
        if (right != null) {
            ps = union(ps, right.params);
        }
        this.params = ps;
    }

    /** {@code a} then what of {@code b} is not in it; no copy when one side adds nothing. */
    private static List<ParamValue> union(List<ParamValue> a, List<ParamValue> b) {
        if (b.isEmpty() || a == b) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<ParamValue> out = null;
        for (ParamValue p : b) {
            if (!a.contains(p)) {
                if (out == null) {
                    out = new ArrayList<>(a);
                }
                out.add(p);
            }
        }
        return out == null ? a : Collections.unmodifiableList(out);
    }

    private static Calc leaf(BigDecimal value, String words, ParamValue param) {
        return new Calc(value, ATOM, false, words, null, null, null, param, null);
    }

    private static Calc binary(BigDecimal value, int precedence, Calc left, String operator, Calc right) {
        return new Calc(value, precedence, true, null, operator, left, right, null, null);
    }

    /** A parameter's value: an amount shows as "410 元", a rate as "70%"; the parameter is cited. */
    public static Calc of(ParamValue p) {
        return leaf(p.decimal(), p.term(), p);
    }

    /** An amount of yuan from the household's facts. */
    public static Calc yuan(BigDecimal amount) {
        return new Calc(amount, ATOM, false, null, "yuan", null, null, null, null);
    }

    /** A count with its unit: "3 人". */
    public static Calc count(int n, String unit) {
        return leaf(BigDecimal.valueOf(n), n + " " + unit, null);
    }

    public static Calc min(Calc a, Calc b) {
        return new Calc(a.value.compareTo(b.value) <= 0 ? a.value : b.value, CHOICE, true, null, "min", a, b, null, null);
    }

    public static Calc max(Calc a, Calc b) {
        return new Calc(a.value.compareTo(b.value) >= 0 ? a.value : b.value, CHOICE, true, null, "max", a, b, null, null);
    }

    /** The same amount with a name in front: "年度封顶余额 10,000 元". */
    public Calc named(String label) {
        return new Calc(value, ATOM, compound, label, "named", this, null, null, null);
    }

    public Calc times(Calc o) {
        return binary(value.multiply(o.value), PRODUCT, this, " × ", o);
    }

    public Calc times(int n, String unit) {
        return times(count(n, unit));
    }

    public Calc dividedBy(Calc o) {
        return binary(value.divide(o.value, DIVISION), PRODUCT, this, " ÷ ", o);
    }

    public Calc plus(Calc o) {
        return binary(value.add(o.value), SUM, this, " + ", o);
    }

    public Calc minus(Calc o) {
        return binary(value.subtract(o.value), SUM, this, " − ", o);
    }

    /** A yearly amount per month: "3,600 元 ÷ 12". */
    public Calc perMonth() {
        return dividedBy(TWELVE);
    }

    /** A monthly amount for a year: "410 元 × 12 个月". */
    public Calc perYear() {
        return times(TWELVE_MONTHS);
    }

    /** This amount rounded to fen, as a new starting value (its arithmetic is not repeated). */
    public Calc asRounded() {
        return new Calc(rounded(), ATOM, false, null, "rounded", null, null, null, this);
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

    /** The arithmetic in words: "410 元 × 3 人 − 3,600 元 ÷ 12". */
    public String getText() {
        String t = text;
        if (t == null) {
            t = write();
            text = t;
        }
        return t;
    }

    private String write() {
        if (words != null && operator == null) {
            return words;
        }
        return switch (operator) {
            case "yuan" -> Format.number(value) + " 元";
            case "rounded" -> Format.money(value) + " 元";
            case "named" -> words + " " + left.getText();
            // Read aloud to a family: words, not programming notation (POLICY.md §4).
            case "min" -> "取 " + left.getText() + " 与 " + right.getText() + " 中的较小者";
            case "max" -> "取 " + left.getText() + " 与 " + right.getText() + " 中的较大者";
            default -> wrap(left, precedence, false) + operator + wrap(right, precedence, true);
        };
    }

    /** "410 元 × 3 人 − 3,600 元 ÷ 12 = 930.00 元". */
    public String show() {
        String result = Format.money(rounded()) + " 元";
        return compound ? getText() + " = " + result : result;
    }

    /** Every parameter the amount was computed from, in the order they enter it, each once. */
    public List<ParamValue> params() {
        return params;
    }

    private static String wrap(Calc c, int context, boolean right) {
        boolean needs = c.precedence < context || (right && c.precedence == context && context != ATOM);
        return needs ? "(" + c.getText() + ")" : c.getText();
    }

    @Override
    public String toString() {
        return show();
    }
}
