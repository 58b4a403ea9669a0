package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles DRL files with Drools and turns its messages into problems policy staff can act on: the real file, the
 * rule's name, and a better line than Drools gives (Drools puts an error in a {@code then} part on the rule's first
 * line, and a missing parenthesis on the line after it).
 */
public final class DrlCompiler {

    /** DRL files are written here inside the KieFileSystem; the package of every rule file is {@code rules}. */
    private static final String KFS_ROOT = "src/main/resources/rules/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private static final Pattern PARSER_ERROR = Pattern.compile("^\\[ERR \\d+\\]");
    private static final Pattern[] SYMBOLS = {
        Pattern.compile("The method (\\w+)\\("),
        Pattern.compile("The constructor (\\w+)\\("),
        Pattern.compile("([$\\w.]+) cannot be resolved"),
        Pattern.compile("The field ([\\w.]+) is not visible"),
        Pattern.compile("Syntax error on token \"([^\"]+)\""),
        Pattern.compile("unable to resolve method using strict-mode: [\\w.$]+\\.(\\w+)\\(\\)"),
        Pattern.compile("Unable to resolve ObjectType '(\\w+)'"),
    };
    private static final Pattern EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):");

    /** {@code kieBase} is null when there are problems or none was asked for. */
    public record Result(KieBase kieBase, List<Problem> problems) {
    }

    private DrlCompiler() {
    }

    /**
     * Compiles {@code files} (display name → DRL text, in order). With {@code makeKieBase} false only the problems
     * are wanted (for {@code check}), which saves making a container.
     */
    public static Result compile(Map<String, String> files, String version, boolean makeKieBase) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("cn.pzh.eligibility.rules", "ruleset-" + version,
                "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> kfsToFile = new LinkedHashMap<>();
        Map<String, DrlSource> sources = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : files.entrySet()) {
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            String kfsPath = KFS_ROOT + (i++) + "_" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
            kfsToFile.put(kfsPath, e.getKey());
            // Drools names the file in its messages relative to the resources folder.
            kfsToFile.put(kfsPath.substring("src/main/resources/".length()), e.getKey());
            sources.put(e.getKey(), new DrlSource(e.getKey(), e.getValue()));
            kfs.write(kfsPath, e.getValue());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        List<Problem> problems = explain(messages, kfsToFile, sources);
        if (!problems.isEmpty() || !makeKieBase) {
            ks.getRepository().removeKieModule(releaseId);
            return new Result(null, problems);
        }
        KieContainer container = ks.newKieContainer(releaseId);
        KieBase kieBase = container.getKieBase();
        // The container's module is no longer needed once the KieBase exists; dropping it keeps reloads from growing.
        ks.getRepository().removeKieModule(releaseId);
        return new Result(kieBase, List.of());
    }

    private static List<Problem> explain(List<Message> messages, Map<String, String> kfsToFile,
            Map<String, DrlSource> sources) {
        boolean syntax = messages.stream().anyMatch(m -> PARSER_ERROR.matcher(m.getText().strip()).find());
        List<Problem> out = new ArrayList<>();
        int dropped = 0;
        for (Message m : messages) {
            String text = m.getText().strip().replaceAll("\\s+", " ");
            boolean parserError = PARSER_ERROR.matcher(text).find();
            if (syntax && !parserError) {
                // A syntax error leaves the package half-read: every other message then is an echo of it.
                dropped++;
                continue;
            }
            String file = m.getPath() == null ? "?" : kfsToFile.getOrDefault(m.getPath(), m.getPath());
            DrlSource src = sources.get(file);
            out.add(src == null ? Problem.error(file, Math.max(m.getLine(), 0), text + "（规则无法编译）")
                    : locate(src, Math.max(m.getLine(), 0), text, parserError));
        }
        if (dropped > 0 && !out.isEmpty()) {
            Problem first = out.get(0);
            out.add(new Problem(first.file(), first.line(), Problem.Severity.warning, dropped
                    + " further compiler messages are not shown: they follow from the syntax error above; fix it and"
                    + " check again（另有 " + dropped + " 条编译信息由上面的语法错误引起，修正后请再次检查）"));
        }
        return out;
    }

    /** The problem for one Drools message, moved to the line that holds the fault where it can be found. */
    static Problem locate(DrlSource src, int line, String text, boolean parserError) {
        int at = line;
        String detail = text;
        if (at == 0) {
            Matcher e = EXPRESSION.matcher(text);
            if (e.find()) {
                at = firstLineContaining(src, e.group(1).trim(), 1, src.lineCount());
            }
        }
        DrlSource.Rule rule = at > 0 ? src.ruleAt(at) : null;
        if (rule != null) {
            int unbalanced = unbalancedParenthesis(src, rule);
            if (unbalanced > 0 && (parserError || text.contains("Syntax error"))) {
                at = unbalanced;
                detail = "unbalanced parentheses: the '(' or ')' on this line has no partner; Drools says: " + text
                        + "（括号不配对：本行的括号没有对应的另一半）";
            } else if (!parserError) {
                String symbol = symbol(text);
                if (symbol != null) {
                    int from = text.contains("Rule Compilation error") && rule.thenLine() > 0 ? rule.thenLine() + 1
                            : rule.line();
                    int found = firstLineContaining(src, symbol, from, rule.endLine());
                    if (found > 0) {
                        at = found;
                    }
                }
            }
        }
        String where = rule == null ? "" : "rule \"" + rule.name() + "\": ";
        if (!detail.endsWith("）")) {
            detail = detail + "（规则无法编译）";
        }
        return Problem.error(src.file(), at, where + detail);
    }

    private static String symbol(String text) {
        for (Pattern p : SYMBOLS) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** The first line in [from, to] whose text (comments left out) holds {@code needle} as a whole word; else 0. */
    private static int firstLineContaining(DrlSource src, String needle, int from, int to) {
        Pattern p = Pattern.compile("(?<![\\w$])" + Pattern.quote(needle) + "(?![\\w])");
        for (int i = Math.max(1, from); i <= Math.min(to, src.lineCount()); i++) {
            if (p.matcher(src.noCommentLine(i)).find()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * In the {@code when} part, then the {@code then} part, of a rule: the line of a ')' that closes nothing, or
     * of the first '(' that is never closed; 0 when the parentheses balance.
     */
    static int unbalancedParenthesis(DrlSource src, DrlSource.Rule rule) {
        if (rule.whenLine() == 0 || rule.thenLine() == 0) {
            return 0;
        }
        int found = unbalanced(src, rule.whenLine() + 1, rule.thenLine() - 1);
        return found > 0 ? found : unbalanced(src, rule.thenLine() + 1, rule.endLine() - 1);
    }

    private static int unbalanced(DrlSource src, int from, int to) {
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = from; i <= to; i++) {
            for (char c : src.codeLine(i).toCharArray()) {
                if (c == '(') {
                    open.push(i);
                } else if (c == ')') {
                    if (open.isEmpty()) {
                        return i;
                    }
                    open.pop();
                }
            }
        }
        return open.isEmpty() ? 0 : open.peekLast();
    }
}
