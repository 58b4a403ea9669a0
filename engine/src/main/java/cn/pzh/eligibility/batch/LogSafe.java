package cn.pzh.eligibility.batch;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Error messages as an errors file or a log may keep them: the field path and the problem, never the value that was
 * given. The household reader words its messages for the sender, who may see their own value ("was '1987-14-33'",
 * "填写的是 -120"); a batch's errors file is read by others and kept, so birth dates, incomes, medical amounts and
 * whole lines must not reach it. Every form of quoting a value the readers use is cut here; {@code
 * LogSafeTest} puts distinctive values in every field and checks none comes through.
 */
public final class LogSafe {

    /** Longest message kept: a hostile input must not make a huge errors file line or log line. */
    public static final int MAX_MESSAGE = 500;

    private record Cut(Pattern pattern, String replacement) {
    }

    private static final List<Cut> CUTS = List.of(
            // the JSON parser's own words quote the text it stopped at: keep only where
            new Cut(Pattern.compile("^(not valid JSON(?: at line \\d+, column \\d+)?): .*$", Pattern.DOTALL), "$1"),
            new Cut(Pattern.compile(",\\s*was\\s.*$", Pattern.DOTALL), ""),
            new Cut(Pattern.compile("\\s*\\(this member is [^)]*\\)"), ""),
            new Cut(Pattern.compile("（(?:填写的是|该成员)[^）]*）"), ""),
            // greedy: from the first quote to the last, so a value holding the quote character itself is cut whole
            new Cut(Pattern.compile("'.*'"), "'…'"),
            new Cut(Pattern.compile("“.*”"), "“…”"),
            new Cut(Pattern.compile("\".*\""), "\"…\""),
            // amounts the reader computes from the household (a sum of reimbursements, a total)
            new Cut(Pattern.compile("\\(\\s*-?[0-9][0-9.,]*\\s*\\)"), "(…)"),
            new Cut(Pattern.compile("-?[0-9][0-9.,]*\\s*元(超过|，)"), "…元$1"),
            new Cut(Pattern.compile("(医疗总费用|总费用)\\s*-?[0-9][0-9.,]*\\s*元"), "$1 … 元"));

    private LogSafe() {
    }

    /** The message with every quoted or stated value cut, and at most {@link #MAX_MESSAGE} characters. */
    public static String message(String message) {
        if (message == null) {
            return null;
        }
        String s = message;
        for (Cut c : CUTS) {
            s = c.pattern().matcher(s).replaceAll(c.replacement());
        }
        return cut(s, MAX_MESSAGE);
    }

    /** At most {@code max} characters, marked when cut. */
    public static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…（" + (s.length() - max) + " more characters）";
    }
}
