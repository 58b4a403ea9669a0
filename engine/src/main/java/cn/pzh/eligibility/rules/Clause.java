package cn.pzh.eligibility.rules;

/** Clause ids follow the source document's numbering; this writes them the way the document does. */
public final class Clause {

    public static final String DOCUMENT = "攀脱贫领发〔2019〕2号";
    private static final String[] NUMERALS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    private Clause() {
    }

    /** A ruleset names a few dozen clauses; every explanation cites one. Immutable strings: shared by every thread. */
    private static final java.util.Map<String, String> CITED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CITED_LIMIT = 10_000;

    /** "2.1.7.1" → "攀脱贫领发〔2019〕2号 二（一）7 一是". Ids it cannot read are returned as they are. */
    public static String cite(String id) {
        String c = CITED.get(id);
        if (c == null) {
            c = write(id);
            if (CITED.size() < CITED_LIMIT) {
                CITED.put(id, c);
            }
        }
        return c;
    }

    private static String write(String id) {
        String[] parts = id.split("\\.");
        StringBuilder sb = new StringBuilder(DOCUMENT).append(' ');
        try {
            for (int i = 0; i < parts.length; i++) {
                int n = Integer.parseInt(parts[i]);
                switch (i) {
                    case 0 -> sb.append(numeral(n));
                    case 1 -> sb.append('（').append(numeral(n)).append('）');
                    case 2 -> sb.append(n);
                    default -> sb.append(' ').append(numeral(n)).append("是");
                }
            }
        } catch (NumberFormatException e) {
            return DOCUMENT + " " + id;
        }
        return sb.toString();
    }

    private static String numeral(int n) {
        return n >= 0 && n < NUMERALS.length ? NUMERALS[n] : String.valueOf(n);
    }
}
