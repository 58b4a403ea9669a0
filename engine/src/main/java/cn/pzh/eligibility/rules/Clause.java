package cn.pzh.eligibility.rules;

/** Clause ids follow the source document's numbering; this writes them the way the document does. */
public final class Clause {

    public static final String DOCUMENT = "攀脱贫领发〔2019〕2号";
    private static final String[] NUMERALS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    private Clause() {
    }

    /** "2.1.7.1" → "攀脱贫领发〔2019〕2号 二（一）7 一是". Ids it cannot read are returned as they are. */
    public static String cite(String id) {
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
