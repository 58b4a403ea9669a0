package cn.pzh.eligibility.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One DRL file read as text, with the positions Drools does not give: where each rule's {@code when} and
 * {@code then} parts are, the header comment that holds the clause text, the declared types and their doc comments.
 * Reading the text (not the compiled package) means this works on files that do not compile.
 */
public final class DrlSource {

    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final Pattern CLAUSE = Pattern.compile("@clause\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern SALIENCE = Pattern.compile("\\bsalience\\s+(-?\\d+)");
    private static final Pattern WHEN = Pattern.compile("^\\s*when\\b");
    private static final Pattern THEN = Pattern.compile("^\\s*then\\b");
    private static final Pattern END = Pattern.compile("^\\s*end\\s*$");
    private static final Pattern FUNCTION = Pattern.compile("^\\s*function\\s+[\\w.<>\\[\\]]+\\s+(\\w+)\\s*\\(");
    private static final Pattern DECLARE = Pattern.compile("^\\s*declare\\s+(\\w+)");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A rule's parts by line (1-based, inclusive); {@code whenLine}/{@code thenLine} are 0 when missing. */
    public record Rule(String name, String clause, Integer salience, int line, int whenLine, int thenLine,
            int endLine) {
    }

    /** A {@code function} block: literals in it are checked like those in rules. */
    public record Function(String name, int line, int endLine) {
    }

    /** A declared fact type and the doc comment above it (may be empty). */
    public record Declare(String name, String doc, int line) {
    }

    /** A string literal and the 1-based line it stands on. */
    public record Literal(String value, int line) {
    }

    private final String file;
    private final String text;
    private final String[] lines;
    /** The text with comments blanked (strings kept): positions and lines are those of the file. */
    private final String[] noComments;
    /** The text with comments and string contents blanked: what code is, without words that look like code. */
    private final String[] code;
    private final String header;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<Declare> declares = new ArrayList<>();

    public DrlSource(String file, String text) {
        this.file = file;
        this.text = text;
        this.lines = text.split("\n", -1);
        String[][] masked = mask(text);
        this.noComments = masked[0];
        this.code = masked[1];
        this.header = headerComment(text);
        scan();
    }

    public String file() {
        return file;
    }

    public String text() {
        return text;
    }

    /** Line {@code n} (1-based) as written. */
    public String line(int n) {
        return n >= 1 && n <= lines.length ? lines[n - 1] : "";
    }

    public int lineCount() {
        return lines.length;
    }

    /** Line {@code n} without comments and with string contents blanked. */
    public String codeLine(int n) {
        return n >= 1 && n <= code.length ? code[n - 1] : "";
    }

    /** Line {@code n} without comments, strings kept. */
    public String noCommentLine(int n) {
        return n >= 1 && n <= noComments.length ? noComments[n - 1] : "";
    }

    /** The comment block at the top of the file, without its {@code *} margins: the clause text and its reading. */
    public String header() {
        return header;
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Function> functions() {
        return functions;
    }

    public List<Declare> declares() {
        return declares;
    }

    /** The rule whose text (from its {@code rule} line to its {@code end}) holds {@code line}; null if none. */
    public Rule ruleAt(int line) {
        for (Rule r : rules) {
            if (line >= r.line() && line <= r.endLine()) {
                return r;
            }
        }
        return null;
    }

    /** Every string literal outside comments, with its line. */
    public List<Literal> literals() {
        return literals(1, lines.length);
    }

    public List<Literal> literals(int from, int to) {
        List<Literal> out = new ArrayList<>();
        for (int i = Math.max(from, 1); i <= Math.min(to, noComments.length); i++) {
            Matcher m = STRING.matcher(noComments[i - 1]);
            while (m.find()) {
                out.add(new Literal(m.group(1), i));
            }
        }
        return out;
    }

    /** The lines {@code from..to} without comments, joined: the text of a rule's conditions or consequence. */
    public String noCommentText(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(from, 1); i <= Math.min(to, noComments.length); i++) {
            sb.append(noComments[i - 1]).append('\n');
        }
        return sb.toString();
    }

    private void scan() {
        for (int i = 0; i < lines.length; i++) {
            String l = noComments[i];
            Matcher f = FUNCTION.matcher(l);
            if (f.find()) {
                functions.add(new Function(f.group(1), i + 1, closingBrace(i)));
                continue;
            }
            Matcher d = DECLARE.matcher(l);
            if (d.find()) {
                declares.add(new Declare(d.group(1), docAbove(i), i + 1));
                continue;
            }
            Matcher m = RULE.matcher(l);
            if (!m.find()) {
                continue;
            }
            String clause = null;
            Integer salience = null;
            int when = 0;
            int then = 0;
            int end = 0;
            for (int j = i; j < lines.length; j++) {
                String lj = noComments[j];
                if (j > i && RULE.matcher(lj).find()) {
                    break;
                }
                if (when == 0 && then == 0) {
                    Matcher c = CLAUSE.matcher(lj);
                    if (clause == null && c.find()) {
                        clause = c.group(1);
                    }
                    Matcher s = SALIENCE.matcher(code[j]);
                    if (salience == null && s.find()) {
                        salience = Integer.valueOf(s.group(1));
                    }
                }
                if (when == 0 && then == 0 && WHEN.matcher(lj).find()) {
                    when = j + 1;
                } else if (then == 0 && THEN.matcher(lj).find()) {
                    then = j + 1;
                } else if (then != 0 && END.matcher(lj).find()) {
                    end = j + 1;
                    break;
                }
            }
            if (end == 0) {
                // A rule without 'end': it runs to the next rule or the end of the file.
                int j = i + 1;
                while (j < lines.length && !RULE.matcher(noComments[j]).find()) {
                    j++;
                }
                end = j;
            }
            rules.add(new Rule(m.group(1), clause, salience, i + 1, when, then, end));
        }
    }

    private int closingBrace(int start) {
        int depth = 0;
        boolean opened = false;
        for (int i = start; i < code.length; i++) {
            for (char ch : code[i].toCharArray()) {
                if (ch == '{') {
                    depth++;
                    opened = true;
                } else if (ch == '}') {
                    depth--;
                    if (opened && depth == 0) {
                        return i + 1;
                    }
                }
            }
        }
        return code.length;
    }

    /** The {@code /** ... *}{@code /} comment that ends on the line above {@code index}, as plain text. */
    private String docAbove(int index) {
        int j = index - 1;
        while (j >= 0 && lines[j].isBlank()) {
            j--;
        }
        if (j < 0 || !lines[j].trim().endsWith("*/")) {
            return "";
        }
        int start = j;
        while (start >= 0 && !lines[start].contains("/*")) {
            start--;
        }
        if (start < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = start; k <= j; k++) {
            sb.append(stripCommentMargin(lines[k])).append(' ');
        }
        return sb.toString().trim();
    }

    private static String headerComment(String text) {
        String t = text.stripLeading();
        if (!t.startsWith("/*")) {
            return "";
        }
        int end = t.indexOf("*/");
        if (end < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String l : t.substring(0, end + 2).split("\n", -1)) {
            sb.append(stripCommentMargin(l)).append('\n');
        }
        return sb.toString().strip();
    }

    private static String stripCommentMargin(String l) {
        String s = l.strip();
        if (s.startsWith("/**")) {
            s = s.substring(3);
        } else if (s.startsWith("/*")) {
            s = s.substring(2);
        }
        if (s.endsWith("*/")) {
            s = s.substring(0, s.length() - 2);
        }
        s = s.strip();
        if (s.startsWith("* ") || s.equals("*")) {
            s = s.substring(1);
        }
        return s.stripTrailing().startsWith(" ") ? s.substring(1) : s;
    }

    /** [0]: comments blanked; [1]: comments and string contents blanked. Newlines are kept so lines stay lines. */
    private static String[][] mask(String text) {
        StringBuilder keepStrings = new StringBuilder(text.length());
        StringBuilder blankStrings = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    keepStrings.append(' ');
                    blankStrings.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    char b = text.charAt(i) == '\n' ? '\n' : ' ';
                    keepStrings.append(b);
                    blankStrings.append(b);
                }
            } else if (c == '"') {
                keepStrings.append(c);
                blankStrings.append(c);
                i++;
                while (i < n && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
                        keepStrings.append(text, i, i + 2);
                        blankStrings.append("  ");
                        i += 2;
                        continue;
                    }
                    keepStrings.append(text.charAt(i));
                    blankStrings.append(' ');
                    i++;
                }
                if (i < n && text.charAt(i) == '"') {
                    keepStrings.append('"');
                    blankStrings.append('"');
                    i++;
                }
            } else {
                keepStrings.append(c);
                blankStrings.append(c);
                i++;
            }
        }
        return new String[][] {keepStrings.toString().split("\n", -1), blankStrings.toString().split("\n", -1)};
    }
}
