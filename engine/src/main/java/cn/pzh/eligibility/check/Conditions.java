package cn.pzh.eligibility.check;

import cn.pzh.eligibility.rules.DrlSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code when} part of a rule split into its patterns, read from the text: enough to compare two rules'
 * conditions and to write them out in words. Not a DRL parser: it relies on one pattern per line (continued while a
 * parenthesis is open or the next line starts with {@code .} or {@code from}), which is how the rule files are written.
 */
public final class Conditions {

    /**
     * One pattern: {@code prefix} is "not", "exists" or ""; {@code type} the fact type (or "eval");
     * {@code constraints} its comma-separated constraints without pure bindings; {@code from} the source after
     * {@code from}, or null; {@code binding} the variable it is bound to, or null.
     */
    public record Element(int line, String text, String prefix, String binding, String type, List<String> constraints,
            String from) {

        /** Two elements of this key constrain the same kind of fact in the same way (same quantifier, same source). */
        String key() {
            return prefix + "|" + type + "|" + (from == null ? "" : from);
        }
    }

    private static final Pattern HEAD = Pattern.compile(
            "^(?:(not|exists|forall)\\s*)?(?:(\\$\\w+)\\s*:\\s*)?(?:(not|exists)\\s+)?([\\w.]+)\\s*\\(");
    private static final Pattern PURE_BINDING = Pattern.compile("^\\$\\w+\\s*:\\s*[\\w.]+$");

    private Conditions() {
    }

    public static List<Element> of(DrlSource src, DrlSource.Rule rule) {
        List<Element> out = new ArrayList<>();
        if (rule.whenLine() == 0 || rule.thenLine() == 0) {
            return out;
        }
        int from = rule.whenLine() + 1;
        int to = rule.thenLine() - 1;
        StringBuilder current = new StringBuilder();
        int start = 0;
        int depth = 0;
        for (int i = from; i <= to; i++) {
            String text = src.noCommentLine(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            boolean continues = current.length() > 0
                    && (depth > 0 || text.startsWith(".") || text.startsWith("from ") || text.startsWith("&&")
                        || text.startsWith("||"));
            if (!continues && current.length() > 0) {
                out.add(element(start, current.toString()));
                current.setLength(0);
            }
            if (current.length() == 0) {
                start = i;
            } else {
                current.append(' ');
            }
            current.append(text);
            for (char c : src.codeLine(i).toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
        if (current.length() > 0) {
            out.add(element(start, current.toString()));
        }
        return out;
    }

    private static Element element(int line, String raw) {
        String text = raw.replaceAll("\\s+", " ").trim();
        Matcher m = HEAD.matcher(text);
        if (!m.find()) {
            return new Element(line, text, "", null, text, List.of(), null);
        }
        String prefix = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : "";
        String type = m.group(4);
        int open = m.end() - 1;
        int close = matching(text, open);
        String inner = close < 0 ? text.substring(open + 1) : text.substring(open + 1, close);
        String rest = close < 0 ? "" : text.substring(close + 1).trim();
        List<String> constraints = new ArrayList<>();
        for (String c : splitTopLevel(inner)) {
            String t = c.trim();
            if (!t.isEmpty() && !PURE_BINDING.matcher(t).matches()) {
                constraints.add(t);
            }
        }
        String source = rest.startsWith("from ") ? rest.substring(5).trim() : rest.isEmpty() ? null : rest;
        return new Element(line, text, prefix, m.group(2), type, List.copyOf(constraints), source);
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping strings; -1 if none. */
    static int matching(String s, int open) {
        int depth = 0;
        boolean str = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (str) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at commas that are outside parentheses and strings. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean str = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (str) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
