package cn.pzh.eligibility.params;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One dated value of a parameter: what it is, from when it holds, and the document that sets it.
 * {@code value} is a BigDecimal (amount, rate), Integer, LocalDate, Boolean or List of String, by {@code type}.
 */
public record ParamValue(String name, String description, String unit, ParamType type, LocalDate from,
        Object value, String reference, String file, int line) {

    public BigDecimal decimal() {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer i) {
            return BigDecimal.valueOf(i);
        }
        throw new IllegalStateException("parameter " + name + " is not a number");
    }

    /** The value as a caseworker reads it: "410 元/人·月", "70%", "60 岁", "是". */
    public String display() {
        String unitText = unit == null || unit.isEmpty() ? "" : " " + unit;
        return switch (type) {
            case amount -> Format.number((BigDecimal) value) + unitText;
            case rate -> Format.percent((BigDecimal) value);
            case integer -> value + unitText;
            case date -> value.toString();
            case flag -> Boolean.TRUE.equals(value) ? "是" : "否";
            case codes -> String.join("、", ((List<?>) value).stream().map(String::valueOf).toList());
        };
    }

    /** "农村低保标准 410 元/人·月（自 2019-01-01 起执行）". */
    public String cite() {
        return description + " " + display() + since();
    }

    /** "（自 2019-01-01 起执行）", or that the value was set for this assessment only. */
    public String since() {
        return LocalDate.MIN.equals(from) ? "（本次核定临时设定的值）" : "（自 " + from + " 起执行）";
    }
}
