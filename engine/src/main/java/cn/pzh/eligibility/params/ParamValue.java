package cn.pzh.eligibility.params;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One dated value of a parameter: what it is, from when it holds, and the document that sets it.
 * {@code value} is a BigDecimal (amount, rate), Integer, LocalDate, Boolean or List of String, by {@code type}.
 *
 * <p>Immutable. The words a caseworker reads of it ({@link #display()}, {@link #since()}, {@link #cite()},
 * {@link #term()}) are written once, when the value is read from its file: explanations quote the same few values
 * for every household of a caseload.
 */
public final class ParamValue {

    private final String name;
    private final String description;
    private final String unit;
    private final ParamType type;
    private final LocalDate from;
    private final Object value;
    private final String reference;
    private final String file;
    private final int line;
    private final String display;
    private final String since;
    private final String cite;
    private final String term;

    public ParamValue(String name, String description, String unit, ParamType type, LocalDate from, Object value,
            String reference, String file, int line) {
        this.name = name;
        this.description = description;
        this.unit = unit;
        this.type = type;
        this.from = from;
        this.value = value;
        this.reference = reference;
        this.file = file;
        this.line = line;
        this.display = writeDisplay();
        this.since = LocalDate.MIN.equals(from) ? "（本次核定临时设定的值）" : "（自 " + from + " 起执行）";
        this.cite = description + " " + display + since;
        this.term = switch (type) {
            case rate -> Format.percent(decimal());
            case amount -> Format.number(decimal()) + " 元";
            default -> display;
        };
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String unit() {
        return unit;
    }

    public ParamType type() {
        return type;
    }

    public LocalDate from() {
        return from;
    }

    public Object value() {
        return value;
    }

    public String reference() {
        return reference;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

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
        return display;
    }

    /** "农村低保标准 410 元/人·月（自 2019-01-01 起执行）". */
    public String cite() {
        return cite;
    }

    /** "（自 2019-01-01 起执行）", or that the value was set for this assessment only. */
    public String since() {
        return since;
    }

    /** The value as a term of arithmetic: an amount "410 元", a rate "70%", anything else as displayed. */
    public String term() {
        return term;
    }

    private String writeDisplay() {
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof ParamValue p && line == p.line && name.equals(p.name)
                && Objects.equals(description, p.description) && Objects.equals(unit, p.unit) && type == p.type
                && Objects.equals(from, p.from) && Objects.equals(value, p.value)
                && Objects.equals(reference, p.reference) && Objects.equals(file, p.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, unit, type, from, value, reference, file, line);
    }

    @Override
    public String toString() {
        return "ParamValue[name=" + name + ", from=" + from + ", value=" + value + ", reference=" + reference
                + ", file=" + file + ", line=" + line + "]";
    }
}
