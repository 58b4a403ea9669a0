package cn.pzh.eligibility.params;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Every parameter of a ruleset with its whole history. Immutable; snapshots by date are cached. */
public final class ParameterSet {

    private static final int SNAPSHOT_CACHE_LIMIT = 4096;

    private final SortedMap<String, Parameter> parameters;
    /** A cache of immutable values: sharing it between threads shares no mutable state of an evaluation. */
    private final Map<LocalDate, Params> snapshots = new ConcurrentHashMap<>();

    public ParameterSet(Map<String, Parameter> parameters) {
        this.parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    }

    public SortedMap<String, Parameter> parameters() {
        return parameters;
    }

    /** The first date on which every parameter has a value (the latest of their first dates); null if none. */
    public LocalDate firstCoveredDate() {
        LocalDate first = null;
        for (Parameter p : parameters.values()) {
            if (!p.values().isEmpty() && (first == null || p.values().get(0).from().isAfter(first))) {
                first = p.values().get(0).from();
            }
        }
        return first;
    }

    public Params at(LocalDate date) {
        Params cached = snapshots.get(date);
        if (cached != null) {
            return cached;
        }
        Map<String, ParamValue> values = new HashMap<>();
        Set<String> undefined = new HashSet<>();
        for (Parameter p : parameters.values()) {
            ParamValue v = p.at(date);
            if (v == null) {
                undefined.add(p.name());
            } else {
                values.put(p.name(), v);
            }
        }
        Params made = new Params(date, values, undefined, firstCoveredDate());
        if (snapshots.size() >= SNAPSHOT_CACHE_LIMIT) {
            snapshots.clear();
        }
        snapshots.put(date, made);
        return made;
    }

    /**
     * The same parameters with some replaced by a single value that holds at every date: what a test-case or a
     * what-if question uses. {@code overrides} maps a name to the value as it would be written in YAML.
     */
    public ParameterSet withOverrides(Map<String, Object> overrides, String source) {
        Map<String, Parameter> copy = new HashMap<>(parameters);
        List<String> unknown = new ArrayList<>();
        overrides.forEach((name, raw) -> {
            Parameter p = parameters.get(name);
            if (p == null) {
                unknown.add(name);
                return;
            }
            Object value = ParameterFileReader.convert(p.type(), raw);
            ParamValue v = new ParamValue(p.name(), p.description(), p.unit(), p.type(), LocalDate.MIN, value,
                    "override: " + source, source, 0);
            copy.put(name, new Parameter(p.name(), p.description(), p.unit(), p.type(), List.of(v), source, 0));
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) " + unknown + "（未定义的参数）");
        }
        return new ParameterSet(copy);
    }
}
