package cn.pzh.eligibility.check;

import cn.pzh.eligibility.rules.ClauseText;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.params.ParameterFileReader;
import cn.pzh.eligibility.rules.Codes;
import cn.pzh.eligibility.rules.DrlCompiler;
import cn.pzh.eligibility.rules.DrlSource;
import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.params.Problem.Severity;
import cn.pzh.eligibility.rules.RulesetLoader;
import cn.pzh.eligibility.rules.Wording;
import cn.pzh.eligibility.rules.WordingUses;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything policy staff can get wrong in a rules directory, found without running a household: rules that do not
 * compile, parameter files that do not read, parameters and codes used but not defined (or defined and never used),
 * rules without a clause or a Chinese name, amounts written into rules, rules that grant the same thing twice, and
 * sentences that are not in the wording file or that it and the rules disagree on.
 * The service calls {@link #check} before it swaps in an edited ruleset.
 */
public final class Checker {

    /** A string literal that names a parameter: dotted lower-case words ("dibao.standard.rural"). */
    static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final Pattern FINDING_CALL = Pattern.compile("\\bFinding\\s*\\.\\s*(grant|grantItem|advise|refuse)\\s*\\(");
    private static final Pattern CODE_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern CODE_COMPARED = Pattern.compile("\\bcode\\s*==\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w$.])(\\d+(?:\\.\\d+)?)(?![\\w.])");
    /** Disability grades are categories, not amounts: {@code grade == 2}, {@code grade in (1, 2)}. */
    private static final Pattern GRADE = Pattern.compile(
            "\\bgrade\\s*(?:(?:==|!=|>=|<=|>|<)\\s*\\d+|(?:not\\s+)?in\\s*\\([\\d\\s,]*\\))");
    private static final Pattern NUMERIC_STRING = Pattern.compile("^\\s*-?\\d+(?:\\.\\d+)?\\s*$");
    private static final Pattern DATE_IN_TEXT = Pattern.compile("\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b");
    private static final Pattern AMOUNT_IN_TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(元|周岁|岁|%|％|个月)");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Where Chinese in a consequence is a name, not a sentence: a slot's name, or a term of arithmetic. */
    private static final Pattern NAMING_CALL = Pattern.compile("\\.\\s*(with|named)\\s*\\(\\s*$");

    private final Path dir;
    private final String shown;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Parameter> parameters = new HashMap<>();
    private final List<DrlSource> sources = new ArrayList<>();
    private Codes codes;
    private Wording wording;
    private String codesFile;
    private List<String> codesLines = List.of();

    /** False when the caller has already compiled these files (a loaded Ruleset): compiling twice finds nothing new. */
    private final boolean compile;

    private Checker(Path directory, boolean compile) {
        this.compile = compile;
        this.dir = directory.toAbsolutePath().normalize();
        this.shown = RulesetLoader.shownPrefix(directory);
    }

    /**
     * Every finding about the rules directory, sorted by file and line. Errors stop a ruleset from being published;
     * warnings are worth a look.
     */
    public static List<Problem> check(Path rulesDir) {
        return check(rulesDir, true);
    }

    /**
     * The same findings for a directory that {@code Ruleset.load} has already built without errors: everything but
     * the compilation, which the load did.
     */
    public static List<Problem> checkLoaded(Path rulesDir) {
        return check(rulesDir, false);
    }

    private static List<Problem> check(Path rulesDir, boolean compile) {
        Checker c = new Checker(rulesDir, compile);
        c.run(rulesDir);
        List<Problem> out = new ArrayList<>(c.problems);
        out.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
        return List.copyOf(out);
    }

    /** Whether a string literal in a rule names a parameter (any dotted lower-case word does). */
    public static boolean isParameterName(String literal) {
        return PARAMETER_NAME.matcher(literal).matches();
    }

    public static boolean hasErrors(List<Problem> problems) {
        return problems.stream().anyMatch(p -> p.severity() == Severity.error);
    }

    private void run(Path given) {
        if (!Files.isDirectory(dir)) {
            problems.add(Problem.error(given.toString(), 0, "rules directory not found（找不到规则目录）"));
            return;
        }
        // Parameter files: the engine's own strict reader, so check and load can never disagree.
        int before = problems.size();
        for (Path p : RulesetLoader.parameterFiles(dir)) {
            ParameterFileReader.read(p, shown + RulesetLoader.display(dir, p), parameters, problems);
        }
        boolean parameterProblems = problems.size() > before;
        Path codesPath = dir.resolve(RulesetLoader.CODES_FILE);
        codesFile = shown + RulesetLoader.CODES_FILE;
        if (Files.isRegularFile(codesPath)) {
            codes = Codes.read(codesPath, codesFile, problems);
            codesLines = readLines(codesPath);
        } else {
            problems.add(Problem.error(codesFile, 0, "the code catalogue is missing（缺少代码目录 codes.yaml）"));
        }
        Path wordingPath = dir.resolve(Wording.FILE);
        if (Files.isRegularFile(wordingPath)) {
            wording = Wording.read(wordingPath, shown + Wording.FILE, problems);
        } else {
            problems.add(Problem.error(shown + Wording.FILE, 0, "the wording file is missing（缺少说明文字文件 "
                    + Wording.FILE + "）"));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path p : RulesetLoader.drlFiles(dir)) {
            String name = shown + RulesetLoader.display(dir, p);
            String text = String.join("\n", readLines(p));
            texts.put(name, text);
            sources.add(new DrlSource(name, text));
        }
        if (texts.isEmpty()) {
            problems.add(Problem.error(given.toString(), 0, "no *.drl rule files（规则目录中没有 .drl 文件）"));
            return;
        }
        if (compile) {
            problems.addAll(DrlCompiler.compile(texts, "check", false).problems());
        }
        checkRuleHeads();
        checkParameterUse(parameterProblems);
        checkCodes();
        checkWording();
        checkLiterals();
        checkOverlaps();
        checkClauseTexts();
    }

    // ---- rules must say where they come from, in words staff read ----

    private void checkRuleHeads() {
        for (DrlSource s : sources) {
            for (DrlSource.Rule r : s.rules()) {
                if (r.clause() == null || r.clause().isBlank()) {
                    problems.add(Problem.error(s.file(), r.line(), "rule \"" + r.name() + "\" has no @clause(\"x.y.z\"):"
                            + " every rule names the clause of the document it encodes（规则“" + r.name()
                            + "”缺少 @clause 条款标注）"));
                }
                if (!HAN.matcher(r.name()).find()) {
                    problems.add(Problem.error(s.file(), r.line(), "rule \"" + r.name() + "\" has no Chinese name:"
                            + " rule names are what caseworkers read in explanations（规则名称应使用中文）"));
                }
            }
        }
    }

    // ---- parameters: every name a rule reads is defined, every defined one is read ----

    private void checkParameterUse(boolean parameterProblems) {
        Set<String> used = new LinkedHashSet<>();
        for (DrlSource s : sources) {
            for (DrlSource.Literal l : s.literals()) {
                if (!PARAMETER_NAME.matcher(l.value()).matches()) {
                    continue;
                }
                used.add(l.value());
                if (!parameters.containsKey(l.value())) {
                    DrlSource.Rule r = s.ruleAt(l.line());
                    problems.add(Problem.error(s.file(), l.line(), (r == null ? "" : "rule \"" + r.name() + "\": ")
                            + "parameter '" + l.value() + "' is not defined in parameters/*.yaml"
                            + (parameterProblems ? " (or its definition has errors listed for the parameter files)" : "")
                            + "（参数 " + l.value() + " 未定义）"));
                }
            }
        }
        new TreeMap<>(parameters).forEach((name, p) -> {
            if (!used.contains(name)) {
                problems.add(new Problem(p.file(), p.line(), Severity.warning, "parameter '" + name
                        + "' is defined but no rule uses it（参数 " + name + "“" + p.description() + "”已定义，但没有规则使用）"));
            }
        });
    }

    // ---- codes: every code a rule gives is in the catalogue, of the right kind and subject ----

    /** One {@code Finding.grant/grantItem/advise/refuse} call: the code and whether it names a member. */
    record CodeUse(String file, int line, String rule, String call, String code, boolean member, Integer salience) {
    }

    static List<CodeUse> codeUses(DrlSource s) {
        List<CodeUse> out = new ArrayList<>();
        for (DrlSource.Rule r : s.rules()) {
            if (r.thenLine() == 0) {
                continue;
            }
            String then = s.noCommentText(r.thenLine() + 1, r.endLine() - 1);
            Matcher m = FINDING_CALL.matcher(then);
            while (m.find()) {
                int close = Conditions.matching(then, m.end() - 1);
                String args = then.substring(m.end(), close < 0 ? then.length() : close);
                List<String> parts = Conditions.splitTopLevel(args);
                Matcher c = CODE_LITERAL.matcher(args);
                if (!c.find()) {
                    continue;
                }
                int line = r.thenLine() + 1 + (int) then.substring(0, m.start() + m.group().length() + c.start())
                        .chars().filter(ch -> ch == '\n').count();
                boolean member = m.group(1).equals("grantItem")
                        || (parts.size() > 2 && !parts.get(2).trim().equals("null"));
                out.add(new CodeUse(s.file(), line, r.name(), m.group(1), c.group(1), member, r.salience()));
            }
        }
        return out;
    }

    private void checkCodes() {
        if (codes == null) {
            return;
        }
        Set<String> given = new LinkedHashSet<>();
        for (DrlSource s : sources) {
            for (CodeUse u : codeUses(s)) {
                Codes.Code code = codes.find(u.code());
                String where = "rule \"" + u.rule() + "\": ";
                if (code == null) {
                    problems.add(Problem.error(u.file(), u.line(), where + "code " + u.code() + " is not in "
                            + RulesetLoader.CODES_FILE + "（代码 " + u.code() + " 不在代码目录 codes.yaml 中）"));
                    continue;
                }
                boolean entitlement = codes.entitlements().containsKey(u.code());
                boolean grants = u.call().startsWith("grant");
                if (grants && !entitlement || u.call().equals("advise") && entitlement) {
                    problems.add(Problem.error(u.file(), u.line(), where + u.call() + " of " + u.code() + ", which "
                            + RulesetLoader.CODES_FILE + " lists as " + (entitlement ? "an entitlement" : "an advisory")
                            + "（" + (entitlement ? "待遇代码应使用 Finding.grant 授予" : "提示代码应使用 Finding.advise 提示")
                            + "）"));
                }
                if (!u.call().equals("refuse") && u.member() != (code.subject() == Codes.Subject.member)) {
                    problems.add(Problem.error(u.file(), u.line(), where + u.code() + " is given to "
                            + (u.member() ? "a member" : "the household") + " but " + RulesetLoader.CODES_FILE
                            + " says its subject is " + code.subject() + "（发放对象与代码目录不一致：代码目录为"
                            + (code.subject() == Codes.Subject.member ? "成员" : "家庭") + "）"));
                }
                if (!u.call().equals("refuse")) {
                    given.add(u.code());
                }
            }
            for (int i = 1; i <= s.lineCount(); i++) {
                Matcher m = CODE_COMPARED.matcher(s.noCommentLine(i));
                while (m.find()) {
                    if (codes.find(m.group(1)) == null) {
                        problems.add(Problem.error(s.file(), i, "code " + m.group(1) + " is not in "
                                + RulesetLoader.CODES_FILE + "（代码 " + m.group(1) + " 不在代码目录 codes.yaml 中）"));
                    }
                }
            }
        }
        List<Codes.Code> all = new ArrayList<>(codes.entitlements().values());
        all.addAll(codes.advisories().values());
        for (Codes.Code c : all) {
            if (!given.contains(c.code())) {
                boolean entitlement = codes.entitlements().containsKey(c.code());
                problems.add(new Problem(codesFile, codeLine(c.code()), Severity.warning, "code " + c.code()
                        + " is listed but no rule " + (entitlement ? "grants" : "advises") + " it（代码 " + c.code()
                        + "“" + c.name() + "”没有任何规则" + (entitlement ? "授予" : "提示") + "）"));
            }
        }
    }

    private int codeLine(String code) {
        Pattern p = Pattern.compile("^\\s+" + Pattern.quote(code) + "\\s*:");
        for (int i = 0; i < codesLines.size(); i++) {
            if (p.matcher(codesLines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    // ---- sentences belong in the wording file, and rules and wording agree ----

    private void checkWording() {
        List<WordingUses.Use> uses = new ArrayList<>();
        for (DrlSource s : sources) {
            uses.addAll(WordingUses.scan(s, problems));
        }
        if (wording != null) {
            WordingUses.verify(uses, wording, problems, true);
        }
        for (DrlSource s : sources) {
            for (DrlSource.Rule r : s.rules()) {
                if (r.thenLine() > 0) {
                    sentencesIn(s, "rule \"" + r.name() + "\"", r.thenLine() + 1, r.endLine() - 1);
                }
            }
            for (DrlSource.Function f : s.functions()) {
                sentencesIn(s, "function " + f.name(), f.line() + 1, f.endLine());
            }
        }
    }

    /** Chinese in a consequence, other than a slot's name or a term's label, is a sentence written outside the file. */
    private void sentencesIn(DrlSource s, String what, int from, int to) {
        for (int i = from; i <= to; i++) {
            String line = s.noCommentLine(i);
            Matcher m = STRING.matcher(line);
            while (m.find()) {
                if (!HAN.matcher(m.group(1)).find()) {
                    continue;
                }
                String before = line.substring(0, m.start());
                if (before.isBlank() && i > from) {
                    before = s.noCommentLine(i - 1);
                }
                if (NAMING_CALL.matcher(before).find()) {
                    continue;
                }
                problems.add(Problem.error(s.file(), i, what + ": the words \"" + m.group(1) + "\" are written into the"
                        + " rule; every sentence a determination says is a template of " + Wording.FILE + ", which the"
                        + " rule names with Words.of(\"…\") and fills through its slots（规则中直接写了文字“" + m.group(1)
                        + "”：说明文字应写在 " + Wording.FILE + " 的模板中，规则用 Words.of 引用模板并填写空位）"));
            }
        }
    }

    // ---- amounts, ages, rates and dates belong in parameters ----

    private void checkLiterals() {
        for (DrlSource s : sources) {
            for (DrlSource.Rule r : s.rules()) {
                if (r.whenLine() > 0) {
                    literalsIn(s, "rule \"" + r.name() + "\"", r.whenLine() + 1, r.endLine() - 1, r.thenLine());
                }
            }
            for (DrlSource.Function f : s.functions()) {
                literalsIn(s, "function " + f.name(), f.line() + 1, f.endLine(), 0);
            }
        }
    }

    private void literalsIn(DrlSource s, String what, int from, int to, int skipLine) {
        for (int i = from; i <= to; i++) {
            if (i == skipLine) {
                continue;
            }
            String code = s.codeLine(i);
            Matcher g = GRADE.matcher(code);
            StringBuilder masked = new StringBuilder(code);
            while (g.find()) {
                for (int k = g.start(); k < g.end(); k++) {
                    masked.setCharAt(k, ' ');
                }
            }
            Matcher n = NUMBER.matcher(masked);
            while (n.find()) {
                literal(s, i, what, n.group(1), null);
            }
        }
        for (DrlSource.Literal l : s.literals(from, to)) {
            if (NUMERIC_STRING.matcher(l.value()).matches()) {
                literal(s, l.line(), what, l.value().trim(), null);
                continue;
            }
            Matcher d = DATE_IN_TEXT.matcher(l.value());
            if (d.find()) {
                literal(s, l.line(), what, d.group(), "a date");
                continue;
            }
            Matcher a = AMOUNT_IN_TEXT.matcher(l.value());
            while (a.find()) {
                literal(s, l.line(), what, a.group(1), "written into the text as \"" + a.group() + "\"");
            }
        }
    }

    private void literal(DrlSource s, int line, String what, String number, String kind) {
        String looks = kind;
        if (looks == null || looks.startsWith("written")) {
            BigDecimal v;
            try {
                v = new BigDecimal(number);
            } catch (NumberFormatException e) {
                return;
            }
            // 0 and 1 are counts and identities ($n + 1, size > 0, × 1), not policy figures.
            if (v.compareTo(BigDecimal.ZERO) == 0 || v.compareTo(BigDecimal.ONE) == 0) {
                return;
            }
            String guess = v.compareTo(BigDecimal.ONE) < 0 ? "a rate"
                    : v.scale() <= 0 && v.intValue() >= 1900 && v.intValue() <= 2100 ? "a year (part of a date)"
                    : v.scale() <= 0 && v.intValue() <= 120 ? "an age or a count" : "an amount";
            looks = kind == null ? guess : guess + ", " + kind;
        }
        problems.add(Problem.error(s.file(), line, what + ": the literal " + number + " looks like " + looks
                + "; amounts, ages, rates and dates belong in parameters/*.yaml with a date and a reference — define a"
                + " parameter and read it by name（规则中写死了数值 " + number + "：金额、年龄、比例、日期应定义为参数，"
                + "在规则中按参数名读取）"));
    }

    // ---- two rules granting the same thing on the same facts ----

    private void checkOverlaps() {
        record Granting(DrlSource src, DrlSource.Rule rule, CodeUse use, List<Conditions.Element> when) {
        }
        Map<String, List<Granting>> byCode = new LinkedHashMap<>();
        for (DrlSource s : sources) {
            Map<String, List<Conditions.Element>> whenByRule = new HashMap<>();
            for (CodeUse u : codeUses(s)) {
                if (!u.call().startsWith("grant")) {
                    continue;
                }
                DrlSource.Rule r = s.rules().stream().filter(x -> x.name().equals(u.rule())).findFirst().orElseThrow();
                List<Conditions.Element> when = whenByRule.computeIfAbsent(r.name(), k -> Conditions.of(s, r));
                String key = u.code() + "|" + (u.salience() == null ? 0 : u.salience());
                byCode.computeIfAbsent(key, k -> new ArrayList<>()).add(new Granting(s, r, u, when));
            }
        }
        for (List<Granting> group : byCode.values()) {
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    Granting a = group.get(i);
                    Granting b = group.get(j);
                    if (a.rule() == b.rule()) {
                        continue;
                    }
                    Granting general = implies(b.when(), a.when()) ? a : implies(a.when(), b.when()) ? b : null;
                    if (general == null) {
                        continue;
                    }
                    Granting specific = general == a ? b : a;
                    problems.add(new Problem(specific.src().file(), specific.rule().line(), Severity.warning,
                            "rules \"" + specific.rule().name() + "\" and \"" + general.rule().name() + "\" ("
                            + general.src().file() + ":" + general.rule().line() + ") both grant " + a.use().code()
                            + " to the same " + (a.use().member() ? "member" : "household")
                            + " with the same salience, and every condition of the second is also a condition of the"
                            + " first: whenever the first grants, the second grants too（两条规则以相同优先级向同一对象授予 "
                            + a.use().code() + "，且“" + general.rule().name() + "”的条件都包含在“" + specific.rule().name()
                            + "”中：满足后者时前者也会授予，可能重复发放）"));
                }
            }
        }
    }

    /**
     * Whether the conditions {@code specific} imply {@code general}, as far as the text tells: every pattern of the
     * general rule has a pattern of the same kind in the specific rule with at least its constraints.
     */
    static boolean implies(List<Conditions.Element> specific, List<Conditions.Element> general) {
        if (general.isEmpty()) {
            return false;
        }
        for (Conditions.Element g : general) {
            boolean found = specific.stream().anyMatch(s -> s.key().equals(g.key())
                    && normalized(s.constraints()).containsAll(normalized(g.constraints())));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> normalized(List<String> constraints) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : constraints) {
            out.add(c.replaceAll("\\s+", ""));
        }
        return out;
    }

    // ---- the book quotes each clause from the rule files ----

    private void checkClauseTexts() {
        Map<String, DrlSource.Rule> firstRule = new LinkedHashMap<>();
        Map<String, DrlSource> firstFile = new HashMap<>();
        for (DrlSource s : sources) {
            for (DrlSource.Rule r : s.rules()) {
                if (r.clause() != null && !r.clause().isBlank() && !firstRule.containsKey(r.clause())) {
                    firstRule.put(r.clause(), r);
                    firstFile.put(r.clause(), s);
                }
            }
        }
        firstRule.forEach((clause, r) -> {
            if (ClauseText.find(sources, clause) == null) {
                problems.add(new Problem(firstFile.get(clause).file(), r.line(), Severity.warning, "clause " + clause
                        + " (" + ClauseText.label(clause) + ") is not quoted in the comment block at the top of any"
                        + " rule file, so the rules book has no source text for it（条款 " + clause
                        + " 的原文未写入任何规则文件开头的注释，规则手册中将缺少原文）"));
            }
        });
    }

    private static List<String> readLines(Path p) {
        try {
            return List.of(Files.readString(p, StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
