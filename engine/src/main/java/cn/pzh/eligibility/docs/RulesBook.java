package cn.pzh.eligibility.docs;

import cn.pzh.eligibility.check.Checker;
import cn.pzh.eligibility.rules.ClauseText;
import cn.pzh.eligibility.check.Conditions;
import cn.pzh.eligibility.check.Coverage;
import cn.pzh.eligibility.model.Labelled;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.rules.Clause;
import cn.pzh.eligibility.rules.Codes;
import cn.pzh.eligibility.rules.DrlSource;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetLoader;
import cn.pzh.eligibility.rules.Wording;
import cn.pzh.eligibility.rules.WordingUses;
import cn.pzh.eligibility.testcases.TestCase;
import cn.pzh.eligibility.testcases.TestCaseReader;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ruleset as a Chinese book of static HTML pages: an index of clauses, and for each clause its source text
 * (quoted from the rule files' comments), the rules that encode it with their conditions in words, the parameters
 * they read with every dated value and its reference, and the test-cases that show it.
 */
public final class RulesBook {

    /** Fact types as staff know them; declared types fall back to their doc comment. */
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("Case", "家庭"), Map.entry("Person", "家庭成员"), Map.entry("MedicalItem", "一笔医疗费用"),
            Map.entry("CountableIncome", "家庭可支配收入"), Map.entry("Grant", "本次已授予的待遇"),
            Map.entry("RegisteredPoor", "建档立卡贫困户（未标注脱贫或返贫）"), Map.entry("Standard", "当地低保标准"),
            Map.entry("Employable", "有劳动能力可就业的成员"), Map.entry("DibaoHousehold", "低保家庭"),
            Map.entry("CoverReason", "属于保障范围的理由"), Map.entry("Covered", "属于医疗救助、学生资助保障范围的家庭"),
            Map.entry("HealthCovered", "医疗救助对象"), Map.entry("MedicalLedger", "成员本年度医疗救助的计算进度"),
            Map.entry("MedicalAssisted", "已计算医疗救助的费用"), Map.entry("ClassifiedCategory", "成员适用的分类施保类别"),
            Map.entry("TemporaryGround", "临时救助的一项理由"), Map.entry("List", "列表"), Map.entry("Calc", "金额"),
            Map.entry("eval", "另须满足"));

    /** Fields in conditions, in the words of the household contract. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("povertyStatus", "贫困状态"), Map.entry("residence", "户籍"), Map.entry("receivesDibao", "已享受低保"),
            Map.entry("certificate", "残疾人证"), Map.entry("grade", "残疾等级"), Map.entry("student", "在读学段"),
            Map.entry("laborCapacity", "劳动能力"), Map.entry("seriousIllness", "重病"),
            Map.entry("needsLongTermCare", "需要长期照护"), Map.entry("extremelyPoorSupported", "特困供养"),
            Map.entry("workInjuryNursingFee", "领取工伤保险生活护理费"), Map.entry("orphanGuarantee", "享受孤儿基本生活保障"),
            Map.entry("employeePension", "参加职工养老保险"), Map.entry("residentPensionEnrolled", "参加城乡居民养老保险"),
            Map.entry("receivesBasicPension", "领取基本养老金"), Map.entry("boarding", "寄宿"), Map.entry("employed", "就业"),
            Map.entry("housingSafety", "住房安全等级"), Map.entry("safeDrinkingWater", "饮水安全"), Map.entry("kind", "费用类别"),
            Map.entry("inCounty", "县域内就医"), Map.entry("category", "残疾类别"), Map.entry("hardship", "突发困难"),
            Map.entry("uncoveredExpense", "未获赔付的自付支出"), Map.entry("inAssessmentYear", "属于核定年度"),
            Map.entry("code", "代码"), Map.entry("kase", "所属家庭"), Map.entry("person", "所属成员"));

    private static final Pattern CALL1 = Pattern.compile("(!?)\\b(ageAtLeast|ageBelow|ageAbove|notAfter|notBefore|hardshipWithin|flag)\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern AGE_IN = Pattern.compile("(!?)\\bageIn\\(\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern PARAM_LITERAL = Pattern.compile("\"([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)\"");
    private static final Pattern JOIN = Pattern.compile("^(this|kase|person|person\\.kase|item)\\s*==\\s*\\$\\w+$");
    private static final Pattern ENUM = Pattern.compile("\\b([A-Z]\\w+)\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern FINDING = Pattern.compile("Finding\\s*\\.\\s*(grant|grantItem|advise|refuse)\\s*\\([^\"]*\"([A-Z][A-Z0-9_]*)\"");

    private static final Pattern CALL = Pattern.compile("\\b(\\w+)\\s*\\(");

    private final Ruleset ruleset;
    private final List<DrlSource> sources = new ArrayList<>();
    /** The templates each rule (by name) or function ("function f") names, in the order it names them. */
    private final Map<String, List<WordingUses.Use>> usesByOwner = new LinkedHashMap<>();
    private final Map<String, List<TestCase>> casesByClause = new TreeMap<>();
    private final Coverage coverage;
    private final LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));

    private RulesBook(Ruleset ruleset, Path casesDir) {
        this.ruleset = ruleset;
        Path dir = ruleset.directory();
        for (Path p : RulesetLoader.drlFiles(dir)) {
            DrlSource s = new DrlSource(RulesetLoader.display(dir, p), read(p));
            sources.add(s);
            for (WordingUses.Use u : WordingUses.scan(s, new ArrayList<>())) {
                usesByOwner.computeIfAbsent(u.owner(), k -> new ArrayList<>()).add(u);
            }
        }
        if (casesDir != null && Files.isDirectory(casesDir)) {
            for (Path f : TestCaseRunner.find(casesDir)) {
                try {
                    TestCase tc = TestCaseReader.read(f, casesDir.relativize(f).toString().replace('\\', '/'));
                    casesByClause.computeIfAbsent(tc.clause() == null ? "?" : tc.clause(), k -> new ArrayList<>()).add(tc);
                } catch (TestCaseReader.BadTestCase e) {
                    // A case that does not read is reported by 'eligibility test'; the book leaves it out.
                }
            }
            this.coverage = Coverage.run(ruleset, casesDir);
        } else {
            this.coverage = null;
        }
    }

    /** Writes the book into {@code out}; returns the files written. */
    public static List<Path> write(Path rulesDir, Path casesDir, Path out) throws IOException {
        return write(Ruleset.load(rulesDir), casesDir, out);
    }

    /** Writes the book of a ruleset already loaded (its rule files are read from its directory). */
    public static List<Path> write(Ruleset ruleset, Path casesDir, Path out) throws IOException {
        return new RulesBook(ruleset, casesDir).writeTo(out);
    }

    private List<Path> writeTo(Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        Map<String, List<Located>> byClause = new TreeMap<>(Coverage::compareClauses);
        for (DrlSource s : sources) {
            for (DrlSource.Rule r : s.rules()) {
                byClause.computeIfAbsent(r.clause() == null ? "?" : r.clause(), k -> new ArrayList<>()).add(new Located(s, r));
            }
        }
        written.add(page(out, "index.html", index(byClause)));
        for (Map.Entry<String, List<Located>> e : byClause.entrySet()) {
            written.add(page(out, clausePage(e.getKey()), clause(e.getKey(), e.getValue())));
        }
        written.add(page(out, "parameters.html", parameters()));
        written.add(page(out, "codes.html", codes()));
        written.add(page(out, "wording.html", wording()));
        if (coverage != null) {
            written.add(page(out, "coverage.html", CoveragePage.of(coverage, ruleset.version(), "test-cases")));
        }
        return written;
    }

    private record Located(DrlSource src, DrlSource.Rule rule) {
    }

    private static Path page(Path out, String name, String html) throws IOException {
        Path p = out.resolve(name);
        Files.writeString(p, html, StandardCharsets.UTF_8);
        return p;
    }

    static String clausePage(String clause) {
        return "clause-" + clause.replaceAll("[^0-9A-Za-z.]", "_") + ".html";
    }

    private String nav() {
        return "<nav><a href=\"index.html\">条款目录</a><a href=\"parameters.html\">参数</a><a href=\"codes.html\">待遇与提示代码</a>"
                + "<a href=\"wording.html\">说明文字</a>"
                + (coverage != null ? "<a href=\"coverage.html\">测试覆盖</a>" : "") + "</nav>\n";
    }

    // ---- index ----

    private String index(Map<String, List<Located>> byClause) {
        StringBuilder b = new StringBuilder(Html.head("攀枝花社会救助待遇核定规则手册", nav()));
        b.append("<h1>攀枝花社会救助待遇核定规则手册</h1>\n<p>依据 ").append(Html.esc(Clause.DOCUMENT))
                .append("《攀枝花市脱贫攻坚成果巩固提升指导意见》。规则版本 <code>").append(Html.esc(ruleset.version()))
                .append("</code>，共 ").append(byClause.size()).append(" 个条款、").append(ruleset.rules().size())
                .append(" 条规则、").append(ruleset.parameters().parameters().size()).append(" 个参数。参数取值按 ")
                .append(today).append(" 显示，各参数的全部历史取值见各条款页和<a href=\"parameters.html\">参数页</a>。</p>\n");
        b.append("<table>\n<tr><th>条款</th><th>原文出处</th><th>原文（节选）</th><th>规则数</th><th>测试案例</th></tr>\n");
        for (Map.Entry<String, List<Located>> e : byClause.entrySet()) {
            ClauseText.Quote q = ClauseText.find(sources, e.getKey());
            String excerpt = q == null ? "（规则文件中未引用原文）" : q.text().length() > 60 ? q.text().substring(0, 60) + "……" : q.text();
            b.append("<tr><td><a href=\"").append(clausePage(e.getKey())).append("\">").append(Html.esc(e.getKey()))
                    .append("</a></td><td>").append(Html.esc(ClauseText.label(e.getKey()))).append("</td><td>")
                    .append(Html.esc(excerpt)).append("</td><td class=\"n\">").append(e.getValue().size())
                    .append("</td><td class=\"n\">").append(casesByClause.getOrDefault(e.getKey(), List.of()).size())
                    .append("</td></tr>\n");
        }
        return b.append("</table>\n").append(Html.foot()).toString();
    }

    // ---- one clause ----

    private String clause(String id, List<Located> rules) {
        StringBuilder b = new StringBuilder(Html.head("条款 " + id + " " + ClauseText.label(id), nav()));
        b.append("<h1>条款 ").append(Html.esc(id)).append("　").append(Html.esc(ClauseText.label(id)))
                .append("</h1>\n<p class=\"muted\">").append(Html.esc(Clause.cite(id))).append("</p>\n");
        ClauseText.Quote q = ClauseText.find(sources, id);
        b.append("<h2>原文</h2>\n");
        if (q == null) {
            b.append("<p class=\"bad\">规则文件开头的注释中没有引用本条原文。</p>\n");
        } else {
            if (q.whole()) {
                b.append("<p class=\"muted\">规则文件引用的是“").append(Html.esc(q.label())).append("”全文，本条为其中一点：</p>\n");
            }
            b.append("<blockquote>").append(Html.esc(q.text())).append("</blockquote>\n<p class=\"muted\">引自 <code>")
                    .append(Html.esc(shown(q.file()))).append("</code> 开头的注释。</p>\n");
        }
        Set<DrlSource> files = new LinkedHashSet<>();
        rules.forEach(l -> files.add(l.src()));
        b.append("<h2>编码说明</h2>\n");
        for (DrlSource s : files) {
            b.append("<p><code>").append(Html.esc(shown(s.file()))).append("</code></p>\n<pre>").append(Html.esc(s.header()))
                    .append("</pre>\n");
        }
        b.append("<h2>规则（").append(rules.size()).append(" 条）</h2>\n");
        Set<String> params = new LinkedHashSet<>();
        for (Located l : rules) {
            b.append(rule(l, params));
        }
        b.append("<h2>所用参数</h2>\n");
        if (params.isEmpty()) {
            b.append("<p>本条规则不读取参数。</p>\n");
        }
        for (String name : params) {
            b.append(parameter(name));
        }
        b.append("<h2>测试案例</h2>\n");
        List<TestCase> cases = casesByClause.getOrDefault(id, List.of());
        if (cases.isEmpty()) {
            b.append("<p>没有以本条为主题的测试案例。</p>\n");
        } else {
            b.append("<table>\n<tr><th>案例</th><th>文件</th><th>核定日期</th></tr>\n");
            for (TestCase tc : cases) {
                b.append("<tr><td>").append(Html.esc(tc.name())).append("</td><td><code>").append(Html.esc(tc.file()))
                        .append("</code></td><td>").append(tc.asOf()).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        if (coverage != null) {
            coverage.clauses().stream().filter(c -> c.clause().equals(id)).findFirst().ifPresent(c -> b.append(
                    "<p class=\"muted\">核定时触发本条规则的测试案例共 ").append(c.count()).append(" 个（含以其他条款为主题的案例）。</p>\n"));
        }
        return b.append(Html.foot()).toString();
    }

    private String rule(Located l, Set<String> params) {
        DrlSource s = l.src();
        DrlSource.Rule r = l.rule();
        StringBuilder b = new StringBuilder();
        b.append("<h3 id=\"").append(Html.esc(r.name())).append("\">").append(Html.esc(r.name())).append("</h3>\n<p class=\"muted\"><code>")
                .append(Html.esc(shown(s.file()))).append(" 第 ").append(r.line()).append(" 行</code>");
        if (r.salience() != null) {
            b.append("　认定先后 ").append(r.salience()).append("（数字越大越先认定）");
        }
        if (coverage != null) {
            coverage.rules().stream().filter(x -> x.rule().name().equals(r.name())).findFirst()
                    .ifPresent(x -> b.append("　触发本规则的测试案例 ").append(x.count()).append(" 个"));
        }
        b.append("</p>\n");
        String then = r.thenLine() == 0 ? "" : s.noCommentText(r.thenLine() + 1, r.endLine() - 1);
        Matcher f = FINDING.matcher(then);
        List<String> results = new ArrayList<>();
        while (f.find()) {
            Codes.Code c = ruleset.codes().find(f.group(2));
            String what = switch (f.group(1)) {
                case "grant", "grantItem" -> "授予待遇";
                case "advise" -> "提示";
                default -> "说明未获";
            };
            results.add(what + " " + (c == null ? f.group(2) : c.name() + "（" + f.group(2) + "）"));
        }
        b.append("<p><b>结果：</b>").append(results.isEmpty() ? "推出供其他规则使用的事实" : Html.esc(String.join("；", results)))
                .append("</p>\n");
        List<String> templates = templatesOf(r.name(), then);
        if (!templates.isEmpty()) {
            b.append("<p><b>说明文字：</b>花括号中为核定时填入的内容，文字在 <code>").append(Wording.FILE)
                    .append("</code> 中修改——</p>\n<ul class=\"wording\">\n");
            for (String id : templates) {
                b.append("<li>").append(template(id)).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("<p><b>条件：</b>以下各项同时成立时——</p>\n<ul class=\"cond\">\n");
        for (Conditions.Element e : Conditions.of(s, r)) {
            b.append("<li>").append(Html.esc(words(e))).append("</li>\n");
        }
        b.append("</ul>\n<details><summary>规则原文（DRL）</summary><pre>")
                .append(Html.esc(String.join("\n", linesOf(s, r.line(), r.endLine())))).append("</pre></details>\n");
        for (DrlSource.Literal lit : s.literals(r.line(), r.endLine())) {
            if (Checker.isParameterName(lit.value()) && ruleset.parameters().parameters().containsKey(lit.value())) {
                params.add(lit.value());
            }
        }
        return b.toString();
    }

    /** The templates a rule names, then those of the functions its consequence calls (and they call), each once. */
    private List<String> templatesOf(String rule, String then) {
        Set<String> ids = new LinkedHashSet<>();
        for (WordingUses.Use u : usesByOwner.getOrDefault(rule, List.of())) {
            ids.add(u.id());
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>(List.of(then));
        while (!texts.isEmpty()) {
            Matcher m = CALL.matcher(texts.remove(0));
            while (m.find()) {
                String owner = "function " + m.group(1);
                if (seen.add(owner) && sources.stream().anyMatch(s -> s.functions().stream()
                        .anyMatch(f -> f.name().equals(m.group(1))))) {
                    for (WordingUses.Use u : usesByOwner.getOrDefault(owner, List.of())) {
                        ids.add(u.id());
                    }
                    for (DrlSource s : sources) {
                        for (DrlSource.Function f : s.functions()) {
                            if (f.name().equals(m.group(1))) {
                                texts.add(s.noCommentText(f.line() + 1, f.endLine()));
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(ids);
    }

    /** "<code>dibao-fallback</code>（第 12 行）：{家庭}；…", the slots marked. */
    private String template(String id) {
        Wording.Template t = ruleset.wording().template(id);
        if (t == null) {
            return "<code>" + Html.esc(id) + "</code>（未定义）";
        }
        return "<code>" + Html.esc(id) + "</code>（第 " + t.nameLine() + " 行）：" + sentence(t);
    }

    /** The template's text with each slot marked, so staff see what is filled in. */
    private static String sentence(Wording.Template t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.slotCount(); i++) {
            sb.append(Html.esc(t.literal(i))).append("<span class=\"slot\">{").append(Html.esc(t.slot(i)))
                    .append("}</span>");
        }
        return sb.append(Html.esc(t.literal(t.slotCount()))).toString();
    }

    private static List<String> linesOf(DrlSource s, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(s.line(i));
        }
        return out;
    }

    /** One pattern of a rule's conditions in words: the fact, then its constraints with parameters named. */
    String words(Conditions.Element e) {
        String type = TYPES.get(e.type());
        if (type == null) {
            type = sources.stream().flatMap(s -> s.declares().stream()).filter(d -> d.name().equals(e.type()))
                    .map(d -> d.doc().isEmpty() ? d.name() : d.doc()).findFirst().orElse(e.type());
        }
        String lead = switch (e.prefix()) {
            case "not" -> "不存在" + type;
            case "exists" -> "存在" + type;
            default -> type;
        };
        List<String> cs = new ArrayList<>();
        for (String c : e.constraints()) {
            // "kase == $c" and the like only tie the fact to the same household or member: plumbing, not policy.
            if (!JOIN.matcher(c.trim()).matches()) {
                cs.add(phrase(c));
            }
        }
        String text = lead + (cs.isEmpty() ? "" : "：" + String.join("，", cs));
        if (e.from() != null) {
            text += "（取自 " + phrase(e.from()) + "）";
        }
        return text;
    }

    private String phrase(String constraint) {
        String s = constraint;
        Matcher a = AGE_IN.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (a.find()) {
            a.appendReplacement(sb, Matcher.quoteReplacement((a.group(1).isEmpty() ? "" : "并非")
                    + "年龄在 " + param(a.group(2)) + " 至 " + param(a.group(3)) + " 之间（含两端）"));
        }
        a.appendTail(sb);
        s = sb.toString();
        Matcher c = CALL1.matcher(s);
        sb = new StringBuilder();
        while (c.find()) {
            String p = param(c.group(3));
            String w = switch (c.group(2)) {
                case "ageAtLeast" -> "年满 " + p;
                case "ageBelow" -> "不满 " + p;
                case "ageAbove" -> "年龄超过 " + p;
                case "notAfter" -> "核定日期不晚于 " + p;
                case "notBefore" -> "核定日期不早于 " + p;
                case "hardshipWithin" -> "突发困难发生在核定日前 " + p + " 之内";
                default -> p + " 为“是”";
            };
            c.appendReplacement(sb, Matcher.quoteReplacement((c.group(1).isEmpty() ? "" : "并非") + "〔" + w + "〕"));
        }
        c.appendTail(sb);
        s = sb.toString();
        Matcher p = PARAM_LITERAL.matcher(s);
        sb = new StringBuilder();
        while (p.find()) {
            p.appendReplacement(sb, Matcher.quoteReplacement(param(p.group(1))));
        }
        p.appendTail(sb);
        s = sb.toString();
        Matcher en = ENUM.matcher(s);
        sb = new StringBuilder();
        while (en.find()) {
            en.appendReplacement(sb, Matcher.quoteReplacement(enumLabel(en.group(1), en.group(2))));
        }
        en.appendTail(sb);
        s = sb.toString();
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            s = s.replaceAll("(?<![\\w$.])" + f.getKey() + "(?![\\w(])", Matcher.quoteReplacement(f.getValue()));
        }
        return s.replace(" == true", "").replace("== false", "为否").replace(" == ", " 为 ").replace(" != ", " 不为 ")
                .replace(" in (", " 属于 (").replace("&&", "并且").replace("||", "或");
    }

    /** "劳动年龄下限（现为 16 周岁）". */
    private String param(String name) {
        Parameter p = ruleset.parameters().parameters().get(name);
        if (p == null) {
            return name + "（未定义的参数）";
        }
        ParamValue v = p.at(today);
        if (v == null && !p.values().isEmpty()) {
            v = p.values().get(0);
        }
        return p.description() + (v == null ? "" : "（现为 " + v.display() + "）");
    }

    private static String enumLabel(String type, String constant) {
        try {
            Class<?> c = Class.forName("cn.pzh.eligibility.model." + type);
            if (c.isEnum() && Labelled.class.isAssignableFrom(c)) {
                for (Object o : c.getEnumConstants()) {
                    if (((Enum<?>) o).name().equals(constant)) {
                        return "“" + ((Labelled) o).label() + "”";
                    }
                }
            }
        } catch (ClassNotFoundException e) {
            // not a model enum: leave the text as written
        }
        return type + "." + constant;
    }

    // ---- parameters and codes ----

    private String parameter(String name) {
        Parameter p = ruleset.parameters().parameters().get(name);
        StringBuilder b = new StringBuilder();
        b.append("<h3 id=\"").append(Html.esc(name)).append("\">").append(Html.esc(p.description())).append(" <code>")
                .append(Html.esc(name)).append("</code></h3>\n<p class=\"muted\">定义于 <code>").append(Html.esc(shown(p.file())))
                .append(" 第 ").append(p.line()).append(" 行</code>").append(p.unit() == null ? "" : "，单位 " + Html.esc(p.unit()))
                .append("</p>\n<table>\n<tr><th>自何日起执行</th><th>取值</th><th>依据</th></tr>\n");
        ParamValue now = p.at(today);
        for (ParamValue v : p.values()) {
            b.append("<tr><td>").append(v.from()).append(v == now ? "（现行）" : "").append("</td><td>")
                    .append(Html.esc(v.display())).append("</td><td>").append(Html.esc(v.reference()))
                    .append(v.reference().contains("模型默认值") ? "<br><span class=\"muted\">" + MODEL_DEFAULT + "</span>" : "")
                    .append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** What "模型默认值" means for the people who own the figures. */
    static final String MODEL_DEFAULT = "模型默认值：没有公布的依据，是本系统暂设的取值，本地标准待政策科室确认后在本参数文件中新增一项替换。";

    /**
     * A file as policy staff know it, relative to the rules directory: "parameters/general.yaml", never the path
     * of a temporary copy the service built a reload from.
     */
    private String shown(String file) {
        if (file == null) {
            return "";
        }
        String f = file.replace('\\', '/');
        try {
            java.nio.file.Path p = java.nio.file.Path.of(file);
            java.nio.file.Path dir = ruleset.directory() == null ? null : ruleset.directory().toAbsolutePath().normalize();
            if (p.isAbsolute() && dir != null && p.normalize().startsWith(dir)) {
                return dir.relativize(p.normalize()).toString().replace('\\', '/');
            }
        } catch (RuntimeException e) {
            // not a path: shown as it is below
        }
        int params = f.lastIndexOf("/parameters/");
        if (params >= 0) {
            return f.substring(params + 1);
        }
        if (f.startsWith("/") || f.contains("eligibility-rules-")) {
            return f.substring(f.lastIndexOf('/') + 1);
        }
        return f;
    }

    private String parameters() {
        StringBuilder b = new StringBuilder(Html.head("参数", nav()));
        b.append("<h1>参数</h1>\n<p>每个参数的全部取值：自何日起执行、取值、依据文件。核定时取核定日期当天有效的取值。</p>\n")
                .append("<p>").append(MODEL_DEFAULT).append("</p>\n<h2>各参数及其取值</h2>\n");
        Map<String, Set<String>> usedBy = new TreeMap<>();
        for (DrlSource s : sources) {
            for (DrlSource.Literal l : s.literals()) {
                DrlSource.Rule r = s.ruleAt(l.line());
                if (r != null && Checker.isParameterName(l.value())) {
                    usedBy.computeIfAbsent(l.value(), k -> new LinkedHashSet<>()).add(r.clause() + "|" + r.name());
                }
            }
        }
        for (String name : ruleset.parameters().parameters().keySet()) {
            b.append(parameter(name)).append("<p>使用本参数的规则：");
            List<String> links = new ArrayList<>();
            for (String u : usedBy.getOrDefault(name, Set.of())) {
                String[] cr = u.split("\\|", 2);
                links.add("<a href=\"" + clausePage(cr[0]) + "#" + Html.esc(cr[1]) + "\">" + Html.esc(cr[1]) + "</a>");
            }
            b.append(links.isEmpty() ? "无" : String.join("；", links)).append("</p>\n");
        }
        return b.append(Html.foot()).toString();
    }

    private String codes() {
        StringBuilder b = new StringBuilder(Html.head("待遇与提示代码", nav()));
        b.append("<h1>待遇与提示代码</h1>\n<table>\n<tr><th>代码</th><th>名称</th><th>类别</th><th>对象</th><th>发放周期</th><th>条款</th></tr>\n");
        List<Codes.Code> all = new ArrayList<>(ruleset.codes().entitlements().values());
        all.addAll(ruleset.codes().advisories().values());
        for (Codes.Code c : all) {
            boolean ent = ruleset.codes().entitlements().containsKey(c.code());
            b.append("<tr><td><code>").append(c.code()).append("</code></td><td>").append(Html.esc(c.name()))
                    .append("</td><td>").append(ent ? "待遇" : "工作提示").append("</td><td>")
                    .append(c.subject() == Codes.Subject.member ? "成员" : "家庭").append("</td><td>")
                    .append(c.period() == null ? "" : switch (c.period()) {
                        case MONTHLY -> "按月";
                        case ANNUAL -> "按年";
                        case ONE_OFF -> "一次性";
                    }).append("</td><td><a href=\"").append(clausePage(c.clause())).append("\">").append(Html.esc(c.clause()))
                    .append("</a></td></tr>\n");
        }
        return b.append("</table>\n").append(Html.foot()).toString();
    }

    // ---- the wording file ----

    private String wording() {
        StringBuilder b = new StringBuilder(Html.head("说明文字", nav()));
        b.append("<h1>说明文字</h1>\n<p>核定结果中的每一句话（待遇的说明、未获待遇的原因、工作提示）都是 <code>")
                .append(Wording.FILE).append("</code> 中的一个模板。花括号中为空位，核定时由规则填入该户的事实、金额和参数。")
                .append("修改句子只改花括号以外的文字，空位可以挪动位置，但不要改名、删去或新增；改完运行检查（check）。</p>\n");
        Map<String, Set<String>> usedBy = new LinkedHashMap<>();
        for (DrlSource s : sources) {
            for (DrlSource.Rule r : s.rules()) {
                String then = r.thenLine() == 0 ? "" : s.noCommentText(r.thenLine() + 1, r.endLine() - 1);
                for (String id : templatesOf(r.name(), then)) {
                    usedBy.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(r.clause() + "|" + r.name());
                }
            }
        }
        b.append("<table>\n<tr><th>模板名</th><th>句子</th><th>使用的规则</th></tr>\n");
        for (Wording.Template t : ruleset.wording().templates().values()) {
            List<String> links = new ArrayList<>();
            for (String u : usedBy.getOrDefault(t.id(), Set.of())) {
                String[] cr = u.split("\\|", 2);
                links.add("<a href=\"" + clausePage(cr[0]) + "#" + Html.esc(cr[1]) + "\">" + Html.esc(cr[1]) + "</a>");
            }
            String users = Wording.ENGINE_TEMPLATES.containsKey(t.id()) ? "系统：每项结果都用" : links.isEmpty() ? "无"
                    : String.join("<br>", links);
            b.append("<tr><td><code>").append(Html.esc(t.id())).append("</code><br><span class=\"muted\">第 ")
                    .append(t.nameLine()).append(" 行</span></td><td>").append(sentence(t)).append("</td><td>").append(users)
                    .append("</td></tr>\n");
        }
        return b.append("</table>\n").append(Html.foot()).toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
