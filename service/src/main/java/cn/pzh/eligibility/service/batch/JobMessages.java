package cn.pzh.eligibility.service.batch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the engine said about a failed job, made fit for job.json, the job listing and the log: those are read by
 * operators and kept, so they carry field and column names and counts, never the contents of a record. A JSON
 * Lines file uploaded as CSV made the engine quote its "header" — the whole first household — as unknown column
 * names. Anything quoted that is not a plain identifier (a column or field name) is replaced by {@code '…'}, and
 * the message is cut: 100,000 bad columns made a 3.2 MB message.
 */
final class JobMessages {

    static final int MAX = 600;

    /** '…' and “…” spans (the engine quotes names and values both ways); an identifier inside is a name, kept. */
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'|“([^”]*)”|\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private JobMessages() {
    }

    static String safe(String message) {
        if (message == null) {
            return null;
        }
        // Quoted spans first, on at most a bounded prefix: the rest is cut anyway.
        String head = message.length() > 20 * MAX ? message.substring(0, 20 * MAX) : message;
        Matcher m = QUOTED.matcher(head);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String inner = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String open = m.group().substring(0, 1);
            String close = m.group().substring(m.group().length() - 1);
            String kept = NAME.matcher(inner).matches() ? inner : "…";
            m.appendReplacement(sb, Matcher.quoteReplacement(open + kept + close));
        }
        m.appendTail(sb);
        // Unquoted text can carry values too (a line echoed after a colon): keep only the first line.
        String s = sb.toString().lines().findFirst().orElse("");
        // A value the engine did not quote, e.g. {"birthDate":1950-…}: anything that looks like JSON goes.
        int brace = s.indexOf('{');
        if (brace >= 0) {
            s = s.substring(0, brace) + "…";
        }
        if (s.length() > MAX) {
            s = s.substring(0, MAX) + "…（消息过长，已截断；原文 " + message.length() + " 字符）";
        }
        return s;
    }
}
