package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.rules.RuleInfo;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between the baseline and the new ruleset: files by content, rules by name and text, and parameter
 * values at the two assessment dates. Computed once per run; the per-household diff names the parts of it that
 * touched the household.
 */
public record RulesetDiff(String versionBefore, String versionAfter, LocalDate asOfBefore, LocalDate asOfAfter,
        List<FileChange> files, List<RuleChange> rules, List<ParameterChange> parameters) {

    public record FileChange(String file, String change) {
    }

    public record RuleChange(String rule, String file, String change) {
    }

    /** {@code history}: the value at the dates is equal but the dated history differs. */
    public record ParameterChange(String name, String description, String before, String after, boolean history) {
    }

    public static RulesetDiff of(Ruleset before, LocalDate asOfBefore, Ruleset after, LocalDate asOfAfter) {
        List<FileChange> files = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(before.files());
        all.addAll(after.files());
        for (String f : all) {
            boolean inB = before.files().contains(f);
            boolean inA = after.files().contains(f);
            if (!inB) {
                files.add(new FileChange(f, "ADDED"));
            } else if (!inA) {
                files.add(new FileChange(f, "REMOVED"));
            } else if (!Arrays.equals(read(before.directory().resolve(f)), read(after.directory().resolve(f)))) {
                files.add(new FileChange(f, "CHANGED"));
            }
        }
        Map<String, String> rb = ruleTexts(before);
        Map<String, String> ra = ruleTexts(after);
        Map<String, String> fileOf = new HashMap<>();
        before.rules().forEach(r -> fileOf.put(r.name(), r.file()));
        after.rules().forEach(r -> fileOf.put(r.name(), r.file()));
        List<RuleChange> rules = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(rb.keySet());
        names.addAll(ra.keySet());
        for (String n : names) {
            String change = !rb.containsKey(n) ? "ADDED" : !ra.containsKey(n) ? "REMOVED"
                    : rb.get(n).equals(ra.get(n)) ? null : "CHANGED";
            if (change != null) {
                rules.add(new RuleChange(n, fileOf.get(n), change));
            }
        }
        List<ParameterChange> params = new ArrayList<>();
        TreeSet<String> pnames = new TreeSet<>(before.parameters().parameters().keySet());
        pnames.addAll(after.parameters().parameters().keySet());
        for (String n : pnames) {
            Parameter pb = before.parameters().parameters().get(n);
            Parameter pa = after.parameters().parameters().get(n);
            ParamValue vb = pb == null ? null : pb.at(asOfBefore);
            ParamValue va = pa == null ? null : pa.at(asOfAfter);
            String desc = pa != null ? pa.description() : pb.description();
            if (!sameValue(vb, va)) {
                params.add(new ParameterChange(n, desc, show(vb), show(va), false));
            } else if (pb != null && pa != null && !sameHistory(pb, pa)) {
                params.add(new ParameterChange(n, desc, show(vb), show(va), true));
            }
        }
        return new RulesetDiff(before.version(), after.version(), asOfBefore, asOfAfter, List.copyOf(files),
                List.copyOf(rules), List.copyOf(params));
    }

    /** Changes in value at the dates (not mere history changes): what can change a determination. */
    public List<ParameterChange> effectiveParameters() {
        return parameters.stream().filter(p -> !p.history()).toList();
    }

    public boolean ruleChanged(String rule) {
        return rules.stream().anyMatch(r -> r.rule().equals(rule));
    }

    private static String show(ParamValue v) {
        return v == null ? "（未定义）" : v.display() + (LocalDate.MIN.equals(v.from()) ? "" : "（自 " + v.from() + " 起）");
    }

    private static boolean sameValue(ParamValue a, ParamValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.value() instanceof BigDecimal x && b.value() instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a.value(), b.value());
    }

    private static boolean sameHistory(Parameter a, Parameter b) {
        if (a.values().size() != b.values().size()) {
            return false;
        }
        for (int i = 0; i < a.values().size(); i++) {
            if (!a.values().get(i).from().equals(b.values().get(i).from())
                    || !sameValue(a.values().get(i), b.values().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Each rule's text, from its {@code rule "…"} line to its {@code end}, by name. */
    static Map<String, String> ruleTexts(Ruleset rs) {
        Map<String, String> out = new TreeMap<>();
        Map<String, List<String>> lines = new HashMap<>();
        for (RuleInfo r : rs.rules()) {
            List<String> text = lines.computeIfAbsent(r.file(), f -> Arrays.asList(
                    new String(read(rs.directory().resolve(f)), StandardCharsets.UTF_8).split("\n", -1)));
            StringBuilder sb = new StringBuilder();
            for (int i = r.line() - 1; i < text.size(); i++) {
                sb.append(text.get(i).strip()).append('\n');
                if (text.get(i).strip().equals("end")) {
                    break;
                }
            }
            out.put(r.name(), sb.toString());
        }
        return out;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
