package cn.pzh.eligibility.params;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How numbers are written in explanations: grouped thousands, no needless decimals for inputs. */
public final class Format {

    private Format() {
    }

    /** 3600 → "3,600"; 3600.5 → "3,600.50"; 0.125 → "0.125". */
    public static String number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() <= 0) {
            return grouped("#,##0", v);
        }
        if (s.scale() <= 2) {
            return grouped("#,##0.00", v);
        }
        return grouped("#,##0.##########", v);
    }

    /** Always two decimals: the form of every computed amount ("930.00"). */
    public static String money(BigDecimal v) {
        return grouped("#,##0.00", v.setScale(2, RoundingMode.HALF_UP));
    }

    /** 0.70 → "70%"; 0.125 → "12.5%". */
    public static String percent(BigDecimal rate) {
        return rate.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String grouped(String pattern, BigDecimal v) {
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        f.setParseBigDecimal(true);
        return f.format(v);
    }
}
