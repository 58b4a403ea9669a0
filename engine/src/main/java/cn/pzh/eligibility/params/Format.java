package cn.pzh.eligibility.params;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are written in explanations: grouped thousands, no needless decimals for inputs. */
public final class Format {

    private Format() {
    }

    /** 3600 → "3,600"; 3600.5 → "3,600.50"; 0.125 → "0.125". */
    public static String number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() <= 0) {
            return grouped(v.setScale(0, RoundingMode.UNNECESSARY).toPlainString());
        }
        if (s.scale() <= 2) {
            return grouped(v.setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        }
        return grouped(s.toPlainString());
    }

    /** Always two decimals: the form of every computed amount ("930.00"). */
    public static String money(BigDecimal v) {
        return grouped(v.setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    /** 0.70 → "70%"; 0.125 → "12.5%". */
    public static String percent(BigDecimal rate) {
        return rate.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** Inserts thousands separators into a plain decimal string ("-1234567.50" → "-1,234,567.50"). */
    private static String grouped(String plain) {
        int sign = plain.startsWith("-") ? 1 : 0;
        int dot = plain.indexOf('.');
        int end = dot < 0 ? plain.length() : dot;
        StringBuilder sb = new StringBuilder(plain.length() + 6).append(plain, 0, sign);
        for (int i = sign; i < end; i++) {
            if (i > sign && (end - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(plain.charAt(i));
        }
        return sb.append(plain, end, plain.length()).toString();
    }
}
