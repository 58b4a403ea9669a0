package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which templates the rules use and which slots they fill, read from the rule text: every
 * {@code Words.of("id").with("slot", value)…} chain in a {@code then} part or a function. The load refuses a ruleset
 * whose rules and wording file disagree, and {@code check} reports the same problems with their lines.
 */
public final class WordingUses {

    private static final Pattern OF = Pattern.compile("\\bWords\\s*\\.\\s*of\\s*\\(");
    private static final Pattern WITH = Pattern.compile("\\s*\\.\\s*with\\s*\\(");

    /** A slot a rule fills, with the line its name stands on. */
    public record Slot(String name, int line) {
    }

    /** One {@code Words.of} in a rule ({@code owner} is the rule's name, or "function f"). */
    public record Use(String file, int line, String owner, String id, List<Slot> slots) {
        public Set<String> slotNames() {
            Set<String> out = new LinkedHashSet<>();
            slots.forEach(s -> out.add(s.name()));
            return out;
        }
    }

    private WordingUses() {
    }

    /** Every template use of one rule file; uses whose template or slot names are not quoted go to {@code problems}. */
    public static List<Use> scan(DrlSource src, List<Problem> problems) {
        StringBuilder codeText = new StringBuilder();
        StringBuilder plainText = new StringBuilder();
        int[] lineStart = new int[src.lineCount() + 2];
        for (int i = 1; i <= src.lineCount(); i++) {
            lineStart[i] = codeText.length();
            codeText.append(src.codeLine(i)).append('\n');
            plainText.append(src.noCommentLine(i)).append('\n');
        }
        lineStart[src.lineCount() + 1] = codeText.length();
        // Same length, same positions: string contents are blanked in one and kept in the other.
        String code = codeText.toString();
        String plain = plainText.toString();
        List<Use> out = new ArrayList<>();
        Matcher of = OF.matcher(code);
        while (of.find()) {
            int line = lineAt(lineStart, of.start());
            String owner = owner(src, line);
            int open = of.end() - 1;
            int close = matching(code, open);
            if (close < 0) {
                continue; // the compiler reports the unbalanced parenthesis
            }
            String id = literal(code, plain, open + 1, close);
            if (id == null) {
                problems.add(Problem.error(src.file(), line, where(owner) + "Words.of(…) must name its template as a"
                        + " quoted name, such as Words.of(\"dibao-fallback\"), so check can find it in " + Wording.FILE
                        + "（Words.of 的模板名应直接写在引号内）"));
                continue;
            }
            List<Slot> slots = new ArrayList<>();
            int at = close + 1;
            Matcher with = WITH.matcher(code);
            while (with.region(at, code.length()).lookingAt()) {
                int wOpen = with.end() - 1;
                int wClose = matching(code, wOpen);
                if (wClose < 0) {
                    break;
                }
                int comma = topLevelComma(code, wOpen + 1, wClose);
                int slotLine = lineAt(lineStart, wOpen);
                String name = comma < 0 ? null : literal(code, plain, wOpen + 1, comma);
                if (name == null) {
                    problems.add(Problem.error(src.file(), slotLine, where(owner) + "with(…) of template " + id
                            + " must name its slot as a quoted name, then the value: .with(\"收入\", $i)（with 的空位名应"
                            + "直接写在引号内，其后是填入的值）"));
                } else {
                    slots.add(new Slot(name, slotLine));
                }
                at = wClose + 1;
            }
            out.add(new Use(src.file(), line, owner, id, List.copyOf(slots)));
        }
        return out;
    }

    /**
     * The problems between the rules' uses and the wording file: a template used but not defined, a slot of the
     * template the rule does not fill (at the template's line), a slot the rule fills that the template does not
     * have (at the rule's line); with {@code warnings}, templates neither a rule nor the engine uses.
     */
    public static void verify(List<Use> uses, Wording wording, List<Problem> problems, boolean warnings) {
        Set<String> used = new HashSet<>(Wording.ENGINE_TEMPLATES.keySet());
        for (Use u : uses) {
            used.add(u.id());
            Wording.Template t = wording.template(u.id());
            String where = where(u.owner());
            if (t == null) {
                if (wording.names(u.id())) {
                    continue; // named in the file but its text has a problem, reported there
                }
                problems.add(Problem.error(u.file(), u.line(), where + "template " + u.id() + " is not defined in "
                        + wording.file() + "（说明文字模板 " + u.id() + " 未在 " + Wording.FILE + " 中定义）"));
                continue;
            }
            if (Wording.ENGINE_TEMPLATES.containsKey(u.id())) {
                problems.add(Problem.error(u.file(), u.line(), where + "template " + u.id() + " is the engine's own"
                        + " (it writes it around every finding); a rule names a template of its own（模板 " + u.id()
                        + " 由系统使用，规则应使用自己的模板）"));
                continue;
            }
            Set<String> filled = u.slotNames();
            for (String s : t.slotNames()) {
                if (!filled.contains(s)) {
                    problems.add(Problem.error(t.file(), t.line(), "template " + u.id() + " has slot {" + s + "}, which"
                            + " rule \"" + u.owner() + "\" (" + u.file() + ":" + u.line() + ") does not fill; it fills "
                            + Wording.braces(List.copyOf(filled)) + "（模板 " + u.id() + " 的空位 {" + s + "} 规则“"
                            + u.owner() + "”不填写；该规则填写的空位为 " + Wording.braces(List.copyOf(filled)) + "）"));
                }
            }
            Set<String> seen = new HashSet<>();
            for (Slot s : u.slots()) {
                if (!seen.add(s.name())) {
                    problems.add(Problem.error(u.file(), s.line(), where + "slot {" + s.name() + "} of template " + u.id()
                            + " is filled twice（空位 {" + s.name() + "} 填写了两次）"));
                } else if (!t.slotNames().contains(s.name())) {
                    problems.add(Problem.error(u.file(), s.line(), where + "fills slot {" + s.name() + "}, which template "
                            + u.id() + " (" + t.file() + ":" + t.line() + ") does not have; its slots are "
                            + Wording.braces(List.copyOf(t.slotNames())) + "（规则填写的空位 {" + s.name() + "} 在模板 "
                            + u.id() + " 中没有；模板的空位为 " + Wording.braces(List.copyOf(t.slotNames())) + "）"));
                }
            }
        }
        if (warnings) {
            for (Wording.Template t : wording.templates().values()) {
                if (!used.contains(t.id())) {
                    problems.add(new Problem(t.file(), t.nameLine(), Problem.Severity.warning, "template " + t.id()
                            + " is defined but no rule uses it（说明文字模板 " + t.id() + " 已定义，但没有规则使用）"));
                }
            }
        }
    }

    private static String where(String owner) {
        return owner == null ? "" : owner.startsWith("function ") ? owner + ": " : "rule \"" + owner + "\": ";
    }

    private static String owner(DrlSource src, int line) {
        DrlSource.Rule r = src.ruleAt(line);
        if (r != null) {
            return r.name();
        }
        for (DrlSource.Function f : src.functions()) {
            if (line >= f.line() && line <= f.endLine()) {
                return "function " + f.name();
            }
        }
        return null;
    }

    private static int lineAt(int[] lineStart, int pos) {
        int lo = 1;
        int hi = lineStart.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStart[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The string literal that is all of {@code code[from, to)} but blanks; null if that is anything else. */
    private static String literal(String code, String plain, int from, int to) {
        String c = code.substring(from, to).strip();
        if (c.length() < 2 || c.charAt(0) != '"' || c.charAt(c.length() - 1) != '"' || c.indexOf('"', 1) != c.length() - 1) {
            return null;
        }
        int start = code.indexOf('"', from);
        int end = code.indexOf('"', start + 1);
        return plain.substring(start + 1, end);
    }

    /** The parenthesis closing the one at {@code open} (string contents are blanked in {@code code}); -1 if none. */
    private static int matching(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int topLevelComma(String code, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
