package cn.pzh.eligibility.docs;

/**
 * The few pieces every generated page shares: escaping, a head with the style inline (no network), a foot. The content
 * is one {@code <main>} landmark (the navigation before it), so a screen reader can jump to it.
 */
public final class Html {

    private static final String STYLE = """
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:62rem;margin:2rem auto;
            padding:0 1rem;line-height:1.6;color:#222}
            h1,h2,h3{line-height:1.3} h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
            table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%} th,td{border:1px solid #ccc;padding:.25rem .5rem;
            vertical-align:top;text-align:left} th{background:#f3f3f3} td.n{text-align:right}
            tr.zero td{background:#fde8e8} .ok{color:#1a6b1a} .bad{color:#a40000}
            blockquote{margin:.5rem 0;padding:.5rem 1rem;background:#f7f5ee;border-left:4px solid #c9b97a}
            code,pre{font-family:"Noto Sans Mono CJK SC",monospace;font-size:.9em} pre{white-space:pre-wrap;background:#f6f6f6;
            padding:.5rem} .cond li{margin:.15rem 0} .muted{color:#666} nav a{margin-right:1rem}
            .slot{color:#1a4e8a;font-weight:bold}
            """;

    private Html() {
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String head(String title) {
        return head(title, "");
    }

    /** {@code nav}: the page's navigation, put before {@code <main>} (empty for none). */
    public static String head(String title, String nav) {
        return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + nav + "<main>\n";
    }

    public static String foot() {
        return "</main>\n</body>\n</html>\n";
    }
}
