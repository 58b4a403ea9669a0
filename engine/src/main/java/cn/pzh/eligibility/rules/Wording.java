package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The sentences of a ruleset ({@code rules/wording.yaml}): every explanation, reason and advisory a determination
 * says, as a template with named slots ({@code {收入}}) that rules fill with facts and amounts. Kept apart from the
 * rules so policy staff fix a sentence once, in words, and it changes wherever it is said. Immutable.
 *
 * <p>Each template is split into its literal pieces and slots once, when the file is read; filling it is appending
 * those pieces and the slots' values in turn.
 */
public final class Wording {

    public static final String FILE = "wording.yaml";

    /** A template id: lower-case words joined by '-', so it never reads as a parameter name or a code. */
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Set<String> KEYS = Set.of("text");
    /** Figures belong in parameters, read through a slot; the same test {@code check} applies to rule text. */
    private static final Pattern AMOUNT_IN_TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(元|周岁|岁|%|％|个月|年)");
    private static final Pattern DATE_IN_TEXT = Pattern.compile("\\d{4}\\s*-\\s*\\d{1,2}\\s*-\\s*\\d{1,2}");

    // ---- the templates the engine itself fills around every finding ----

    public static final String EXPLANATION = "explanation";
    public static final String EXPLANATION_PARAMETERS = "explanation-parameters";
    public static final String UNIT_MONTHLY = "unit-monthly";
    public static final String UNIT_ANNUAL = "unit-annual";
    public static final String UNIT_ONE_OFF = "unit-one-off";
    public static final String ADVISORY = "advisory";
    public static final String AMOUNT_ZERO = "amount-zero";
    public static final String AMOUNT_ZERO_ITEM = "amount-zero-item";

    /** The slots of an entitlement's explanation, in the order of {@link #roles}. */
    public static final List<String> EXPLANATION_SLOTS = List.of("事实", "计算", "单位", "所用参数", "依据", "条款");
    public static final List<String> EXPLANATION_PARAMETERS_SLOTS = List.of("参数");
    public static final List<String> ADVISORY_SLOTS = List.of("提示", "依据", "条款");
    public static final List<String> AMOUNT_ZERO_SLOTS = List.of("事实", "金额");
    public static final List<String> AMOUNT_ZERO_ITEM_SLOTS = List.of("费用", "理由");

    /** Every template the engine fills (not a rule), with the slots it fills: each must be defined with exactly those. */
    public static final Map<String, List<String>> ENGINE_TEMPLATES = engineTemplates();

    private static Map<String, List<String>> engineTemplates() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(EXPLANATION, EXPLANATION_SLOTS);
        m.put(EXPLANATION_PARAMETERS, EXPLANATION_PARAMETERS_SLOTS);
        m.put(UNIT_MONTHLY, List.of());
        m.put(UNIT_ANNUAL, List.of());
        m.put(UNIT_ONE_OFF, List.of());
        m.put(ADVISORY, ADVISORY_SLOTS);
        m.put(AMOUNT_ZERO, AMOUNT_ZERO_SLOTS);
        m.put(AMOUNT_ZERO_ITEM, AMOUNT_ZERO_ITEM_SLOTS);
        return Collections.unmodifiableMap(m);
    }

    /**
     * One sentence: {@code literals[i]} stands before slot {@code i}, {@code literals[slots.length]} after the last.
     * A slot may appear more than once. Slot names are interned, so a rule's name for a slot (a string constant)
     * is found by identity.
     */
    public static final class Template {
        private final String id;
        private final String text;
        private final String file;
        private final int nameLine;
        private final int line;
        private final String[] literals;
        private final String[] slots;
        private final Set<String> slotNames;

        Template(String id, String text, String file, int nameLine, int line, String[] literals, String[] slots) {
            this.id = id;
            this.text = text;
            this.file = file;
            this.nameLine = nameLine;
            this.line = line;
            this.literals = literals;
            this.slots = slots;
            this.slotNames = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(slots)));
        }

        public String id() {
            return id;
        }

        /** The template as written, slots in braces. */
        public String text() {
            return text;
        }

        public String file() {
            return file;
        }

        /** The line of the sentence ({@code text:}). */
        public int line() {
            return line;
        }

        /** The line of the template's name. */
        public int nameLine() {
            return nameLine;
        }

        /** The number of slot places (a slot written twice counts twice). */
        public int slotCount() {
            return slots.length;
        }

        /** The name of slot place {@code i}. */
        public String slot(int i) {
            return slots[i];
        }

        /** The literal text before slot place {@code i}; {@code literal(slotCount())} is the text after the last. */
        public String literal(int i) {
            return literals[i];
        }

        /** The distinct slot names, in order of first appearance. */
        public Set<String> slotNames() {
            return slotNames;
        }

        /**
         * For each slot place, the index of its name in {@code names}: how the engine fills its own templates
         * without looking a name up per slot. -1 for a name not among them (check reports it).
         */
        public int[] roles(List<String> names) {
            int[] r = new int[slots.length];
            for (int i = 0; i < slots.length; i++) {
                r[i] = names.indexOf(slots[i]);
            }
            return r;
        }

        @Override
        public String toString() {
            return id + ": " + text;
        }
    }

    private final Map<String, Template> templates;
    /** Every template name in the file, those whose text has a problem too (so a rule using one is not told twice). */
    private final Set<String> names;
    private final String file;

    private Wording(Map<String, Template> templates, Set<String> names, String file) {
        this.templates = Collections.unmodifiableMap(templates);
        this.names = Collections.unmodifiableSet(names);
        this.file = file;
    }

    /** Whether the file names template {@code id}, readable or not. */
    public boolean names(String id) {
        return names.contains(id);
    }

    /** The template {@code id}; null when the file does not define it. */
    public Template template(String id) {
        return templates.get(id);
    }

    /** Every template, in the order of the file. */
    public Map<String, Template> templates() {
        return templates;
    }

    /** The wording file as problems name it. */
    public String file() {
        return file;
    }

    /**
     * Reads {@code path}; every problem (unknown key, a template that is not a quoted sentence, a brace without its
     * partner, a figure written into the text, an engine template missing or with other slots) goes to
     * {@code problems} with its line. Returns what could be read; null when the file cannot be read as YAML at all
     * (then nothing can be said about which templates it has).
     */
    public static Wording read(Path path, String display, List<Problem> problems) {
        Map<String, Template> out = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        Node root;
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.error(display, 0, "cannot read the wording file: " + e.getMessage() + "（无法读取说明文字文件）"));
            return null;
        }
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(Problem.error(display, line, "not valid YAML: " + e.getProblem() + "（YAML 格式错误）"
                    + (braceUnquoted(content, line, e.getContextMark() == null ? 0 : e.getContextMark().getLine() + 1)
                        ? " — a sentence that starts with '{' must be in double quotes: text: \"{家庭}…\"（以 { 开头的句子"
                            + "须写在英文双引号内）" : "")));
            return null;
        }
        if (root == null) {
            problems.add(Problem.error(display, 1, "the wording file is empty（说明文字文件为空）"));
        } else if (!(root instanceof MappingNode map)) {
            problems.add(at(display, root, "expected templates, each 'name:' with 'text: \"…\"' under it"
                    + "（应逐个列出模板：模板名，其下 text: \"句子\"）"));
        } else {
            Map<String, Integer> first = new LinkedHashMap<>();
            for (NodeTuple entry : map.getValue()) {
                String id = text(entry.getKeyNode());
                Integer was = first.putIfAbsent(id, entry.getKeyNode().getStartMark().getLine() + 1);
                if (was != null) {
                    problems.add(at(display, entry.getKeyNode(), "template " + id + " is defined twice, first on line "
                            + was + "（模板 " + id + " 重复定义，第一次在第 " + was + " 行）"));
                    continue;
                }
                names.add(id);
                readTemplate(entry, display, out, problems);
            }
        }
        Wording w = new Wording(out, names, display);
        if (root != null) {
            w.checkEngineTemplates(problems);
        }
        return w;
    }

    private static void readTemplate(NodeTuple entry, String display, Map<String, Template> out, List<Problem> problems) {
        String id = text(entry.getKeyNode());
        int line = entry.getKeyNode().getStartMark().getLine() + 1;
        if (!ID.matcher(id).matches()) {
            problems.add(at(display, entry.getKeyNode(), "template name '" + id + "' must be lower-case English words"
                    + " joined by '-', like dibao-fallback（模板名应为以 - 连接的小写英文单词，如 dibao-fallback）"));
            return;
        }
        if (!(entry.getValueNode() instanceof MappingNode fields)) {
            problems.add(at(display, entry.getValueNode(), "template " + id + " needs 'text: \"…\"' on the next line,"
                    + " indented（模板 " + id + " 下一行应缩进写 text: \"句子\"）"));
            return;
        }
        Node textNode = null;
        for (NodeTuple t : fields.getValue()) {
            String key = text(t.getKeyNode());
            if (!KEYS.contains(key)) {
                problems.add(at(display, t.getKeyNode(), "unknown key '" + key + "' in template " + id
                        + ", allowed: text（未知的键名 " + key + "，模板只有 text 一项）"));
            } else if (textNode != null) {
                problems.add(at(display, t.getKeyNode(), "template " + id + " has 'text' twice（模板 " + id + " 的 text 重复）"));
            } else {
                textNode = t.getValueNode();
            }
        }
        if (textNode == null) {
            problems.add(Problem.error(display, line, "template " + id + " has no 'text'（模板 " + id + " 缺少 text）"));
            return;
        }
        if (!(textNode instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
            problems.add(at(display, textNode, "the text of template " + id + " must be one sentence in double quotes:"
                    + " \"…\" (a sentence that starts with '{' reads as something else without them)（模板 " + id
                    + " 的 text 应写在英文双引号内；以 { 开头的句子不加引号会被误读）"));
            return;
        }
        String text = s.getValue();
        int textLine = textNode.getStartMark().getLine() + 1;
        Template t = parse(id, text, display, line, textLine, problems);
        if (t != null) {
            out.put(id, t);
        }
    }

    /** Splits a template into literals and slots; null (with a problem) when a brace has no partner. */
    static Template parse(String id, String text, String file, int nameLine, int line, List<Problem> problems) {
        List<String> literals = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        boolean ok = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{') {
                int close = text.indexOf('}', i + 1);
                int nested = text.indexOf('{', i + 1);
                if (close < 0 || nested >= 0 && nested < close) {
                    problems.add(Problem.error(file, line, "template " + id + ": the '{' at \"" + excerpt(text, i)
                            + "\" has no '}'（模板 " + id + " 的花括号 { 没有对应的 }）"));
                    ok = false;
                    break;
                }
                String name = text.substring(i + 1, close);
                if (name.isEmpty() || !name.strip().equals(name) || name.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(Problem.error(file, line, "template " + id + ": slot {" + name + "} needs a name without"
                            + " spaces（模板 " + id + " 的空位 {" + name + "} 应写名称，且不含空格）"));
                    ok = false;
                } else {
                    literals.add(lit.toString());
                    lit.setLength(0);
                    slots.add(name.intern());
                }
                i = close + 1;
            } else if (c == '}') {
                problems.add(Problem.error(file, line, "template " + id + ": the '}' at \"" + excerpt(text, i)
                        + "\" has no '{'（模板 " + id + " 的花括号 } 没有对应的 {）"));
                ok = false;
                i++;
            } else {
                lit.append(c);
                i++;
            }
        }
        literals.add(lit.toString());
        for (String l : literals) {
            Matcher d = DATE_IN_TEXT.matcher(l);
            if (d.find()) {
                ok = false;
                problems.add(Problem.error(file, line, figure(id, d.group(), "a date")));
            }
            Matcher a = AMOUNT_IN_TEXT.matcher(l);
            while (a.find()) {
                if (new java.math.BigDecimal(a.group(1)).compareTo(java.math.BigDecimal.ONE) <= 0) {
                    continue; // 0 and 1 are counts and identities ("不足 0 元"), not policy figures, as in check
                }
                ok = false;
                problems.add(Problem.error(file, line, figure(id, a.group(), "an amount, age or period")));
            }
        }
        return ok ? new Template(id, text, file, nameLine, line, literals.toArray(String[]::new), slots.toArray(String[]::new)) : null;
    }

    /** Whether one of the lines named (1-based) has an unquoted value starting with '{'. */
    private static boolean braceUnquoted(String content, int... lines) {
        String[] all = content.split("\n", -1);
        for (int l : lines) {
            if (l >= 1 && l <= all.length && all[l - 1].matches("\\s*text\\s*:\\s*\\{.*")) {
                return true;
            }
        }
        return false;
    }

    private static String figure(String id, String found, String kind) {
        return "template " + id + ": \"" + found + "\" looks like " + kind + " written into the sentence; amounts, ages,"
                + " rates and dates are parameters, said through a slot the rule fills（模板 " + id + " 中写死了“" + found
                + "”：金额、年龄、比例、日期应为参数，由规则填入空位）";
    }

    private static String excerpt(String text, int at) {
        int from = Math.max(0, at - 6);
        int to = Math.min(text.length(), at + 7);
        return text.substring(from, to);
    }

    private void checkEngineTemplates(List<Problem> problems) {
        ENGINE_TEMPLATES.forEach((id, slots) -> {
            Template t = templates.get(id);
            if (t == null) {
                problems.add(Problem.error(file, 0, "template " + id + " is missing: the engine writes it around every"
                        + " finding, with the slots " + braces(slots) + "（缺少模板 " + id + "，核定时系统用它组织说明，空位为 "
                        + braces(slots) + "）"));
                return;
            }
            for (String s : t.slotNames()) {
                if (!slots.contains(s)) {
                    problems.add(Problem.error(file, t.line(), "template " + id + " has slot {" + s + "}, which the engine"
                            + " does not fill; its slots are " + braces(slots) + "（模板 " + id + " 的空位 {" + s
                            + "} 系统不填写，可用的空位为 " + braces(slots) + "）"));
                }
            }
            for (String s : slots) {
                if (!t.slotNames().contains(s)) {
                    problems.add(Problem.error(file, t.line(), "template " + id + " leaves out slot {" + s + "}: what the"
                            + " engine fills there would not be said（模板 " + id + " 缺少空位 {" + s + "}，该内容将不会出现在说明中）"));
                }
            }
        });
    }

    static String braces(List<String> slots) {
        if (slots.isEmpty()) {
            return "（无）";
        }
        StringBuilder sb = new StringBuilder();
        for (String s : slots) {
            sb.append('{').append(s).append('}');
        }
        return sb.toString();
    }

    private static String text(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : String.valueOf(n);
    }

    private static Problem at(String file, Node n, String message) {
        return Problem.error(file, n.getStartMark().getLine() + 1, message);
    }
}
