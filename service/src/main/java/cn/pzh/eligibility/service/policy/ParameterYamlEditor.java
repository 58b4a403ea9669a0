package cn.pzh.eligibility.service.policy;

import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Inserts one dated value into a parameter file as text, the way a policy officer edits it by hand: every other line,
 * comment and blank stays as it was, the new item takes the indentation of its neighbours and goes where its date
 * belongs. The caller re-reads the result with the engine's strict reader; this class only places the lines.
 */
final class ParameterYamlEditor {

    /** The new file, the 1-based line where the inserted item starts, and the inserted lines. */
    record Edit(String text, int line, List<String> inserted, String diff) {
    }

    private static final Pattern PLAIN_SAFE = Pattern.compile("[^-?:,\\[\\]{}#&*!|>'\"%@`\\s][^#]*");
    private static final Pattern LOOKS_TYPED = Pattern.compile(
            "(?i)(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.:eE+-]*|\\.inf|\\.nan)");

    private ParameterYamlEditor() {
    }

    /**
     * @param original the file's text
     * @param parameter the parameter as the strict reader found it in that text (its values carry their lines)
     * @param valueText the new value as YAML (already checked against the parameter's type)
     */
    static Edit insert(String original, String displayFile, Parameter parameter, LocalDate from, String valueText,
            String reference, String note) {
        String nl = original.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(original.split("\r?\n", -1)));
        List<ParamValue> values = parameter.values();
        ParamValue first = values.get(0);
        String itemLine = lines.get(first.line() - 1);
        int dash = itemLine.indexOf('-');
        String pad = " ".repeat(Math.max(dash, 0));
        String keyPad = " ".repeat(Math.max(dash, 0) + 2);

        List<String> item = new ArrayList<>();
        item.add(pad + "- from: " + from);
        item.add(keyPad + "value: " + valueText);
        item.add(keyPad + "reference: " + scalar(reference));
        if (note != null && !note.isBlank()) {
            item.add(keyPad + "note: " + scalar(note));
        }

        int at = -1; // 0-based index the new item's first line takes
        for (ParamValue v : values) {
            if (v.from().isAfter(from)) {
                at = v.line() - 1;
                break;
            }
        }
        if (at < 0) {
            // After the last item's own lines: those indented deeper than its dash. A blank line or a comment at
            // the dash's depth or less already belongs to whatever follows.
            ParamValue last = values.get(values.size() - 1);
            int i = last.line();
            while (i < lines.size() && !lines.get(i).isBlank() && indent(lines.get(i)) > dash) {
                i++;
            }
            at = i;
        }
        lines.addAll(at, item);
        String text = String.join(nl, lines);
        return new Edit(text, at + 1, List.copyOf(item), diff(displayFile, lines, at, item.size()));
    }

    /** A unified diff of a pure insertion with three lines of context, as {@code git diff} would show it. */
    private static String diff(String file, List<String> after, int at, int count) {
        int start = Math.max(0, at - 3);
        int end = Math.min(after.size(), at + count + 3);
        int oldLen = (end - start) - count;
        StringBuilder b = new StringBuilder();
        b.append("--- a/").append(file).append('\n').append("+++ b/").append(file).append('\n');
        b.append("@@ -").append(start + 1).append(',').append(oldLen).append(" +").append(start + 1).append(',')
                .append(end - start).append(" @@\n");
        for (int i = start; i < end; i++) {
            b.append(i >= at && i < at + count ? '+' : ' ').append(after.get(i)).append('\n');
        }
        return b.toString();
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Plain as an officer would type it, double-quoted only when YAML would read the plain text otherwise. */
    static String scalar(String s) {
        String t = s.strip();
        boolean plain = t.equals(s) && !t.isEmpty() && PLAIN_SAFE.matcher(t).matches() && !t.contains(": ")
                && !t.endsWith(":") && !LOOKS_TYPED.matcher(t).matches();
        if (plain) {
            return t;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
