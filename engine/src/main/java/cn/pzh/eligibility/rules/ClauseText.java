package cn.pzh.eligibility.rules;

import java.util.List;

/**
 * Finds a clause's source text in the comment blocks at the top of the rule files, where policy staff quote the
 * document: {@code 原文（二（一）7 一是）：“……”}. The rule files are the one place the text is kept, so the book and
 * {@code check} read it from there.
 */
public final class ClauseText {

    /**
     * The quoted text of a clause; {@code label} is how the document numbers it ("二（一）7 一是"), {@code whole}
     * tells that the text quoted is that of the enclosing item (a point quoted together with its siblings).
     */
    public record Quote(String clause, String label, String text, String file, boolean whole) {
    }

    private ClauseText() {
    }

    /** The document's own numbering of a clause id, without the document's name: "二（一）7 一是". */
    public static String label(String clause) {
        String cited = Clause.cite(clause);
        return cited.startsWith(Clause.DOCUMENT + " ") ? cited.substring(Clause.DOCUMENT.length() + 1) : clause;
    }

    /** The quote for {@code clause}, or for the item that holds it; null when no rule file quotes either. */
    public static Quote find(List<DrlSource> sources, String clause) {
        String id = clause;
        boolean whole = false;
        while (true) {
            String label = label(id);
            for (DrlSource s : sources) {
                String text = quoteAfter(s.header(), label);
                if (text != null) {
                    return new Quote(clause, label, text, s.file(), whole);
                }
            }
            int dot = id.lastIndexOf('.');
            if (dot < 0 || id.indexOf('.') == dot) {
                // Stop at "二（一）": a part of a section is too broad to stand for one clause.
                return null;
            }
            id = id.substring(0, dot);
            whole = true;
        }
    }

    private static String quoteAfter(String header, String label) {
        String flat = header.replace("\n", "");
        int from = 0;
        while (true) {
            int at = flat.indexOf(label, from);
            if (at < 0) {
                return null;
            }
            int after = at + label.length();
            from = after;
            if (after < flat.length() && Character.isDigit(flat.charAt(after))) {
                continue;
            }
            int open = flat.indexOf('“', after);
            // The quote must follow the label closely ("原文（…）：“"), not be some later quote in the comment.
            if (open < 0 || open - after > 12) {
                continue;
            }
            int depth = 0;
            for (int i = open; i < flat.length(); i++) {
                char c = flat.charAt(i);
                if (c == '“') {
                    depth++;
                } else if (c == '”' && --depth == 0) {
                    return flat.substring(open + 1, i);
                }
            }
            return flat.substring(open + 1);
        }
    }
}
