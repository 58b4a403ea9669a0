package cn.pzh.eligibility.params;

import java.time.LocalDate;
import java.util.List;

/** A named parameter and its dated values, oldest first. */
public record Parameter(String name, String description, String unit, ParamType type, List<ParamValue> values,
        String file, int line) {

    public Parameter {
        values = List.copyOf(values);
    }

    /** The value in force on {@code date}: the latest whose {@code from} is not after it; null before the first. */
    public ParamValue at(LocalDate date) {
        ParamValue found = null;
        for (ParamValue v : values) {
            if (v.from().isAfter(date)) {
                break;
            }
            found = v;
        }
        return found;
    }
}
