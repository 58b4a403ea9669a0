package cn.pzh.eligibility.params;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every parameter's value in force on one date: what rules read. Immutable, so one snapshot serves every
 * household evaluated at that date, on any thread.
 */
public final class Params {

    private final LocalDate date;
    private final Map<String, ParamValue> values;
    private final Set<String> undefinedOnDate;
    private final LocalDate firstCoveredDate;

    Params(LocalDate date, Map<String, ParamValue> values, Set<String> undefinedOnDate, LocalDate firstCoveredDate) {
        this.date = date;
        this.firstCoveredDate = firstCoveredDate;
        this.values = Map.copyOf(values);
        this.undefinedOnDate = Set.copyOf(undefinedOnDate);
    }

    public LocalDate date() {
        return date;
    }

    /** Parameters that have no value yet on this date (the date is before their first value). */
    public Set<String> undefinedOnDate() {
        return undefinedOnDate;
    }

    /** The first date on which every parameter has a value: the first assessment date the ruleset covers. */
    public LocalDate firstCoveredDate() {
        return firstCoveredDate;
    }

    public Map<String, ParamValue> all() {
        return values;
    }

    public ParamValue value(String name) {
        ParamValue v = values.get(name);
        if (v == null) {
            throw new UnknownParameterException(name, date, undefinedOnDate.contains(name));
        }
        return v;
    }

    public BigDecimal decimal(String name) {
        return value(name).decimal();
    }

    public int integer(String name) {
        return (Integer) value(name).value();
    }

    public LocalDate date(String name) {
        return (LocalDate) value(name).value();
    }

    public boolean flag(String name) {
        return (Boolean) value(name).value();
    }

    @SuppressWarnings("unchecked")
    public List<String> codes(String name) {
        return (List<String>) value(name).value();
    }

    /** A rule asked for a parameter that does not exist, or that has no value on the date. */
    public static final class UnknownParameterException extends RuntimeException {
        public UnknownParameterException(String name, LocalDate date, boolean definedLater) {
            super(definedLater
                    ? "parameter " + name + " has no value in force on " + date + "（参数 " + name + " 在 " + date + " 尚无有效取值）"
                    : "parameter " + name + " is not defined in rules/parameters（参数 " + name + " 未定义）");
        }
    }
}
