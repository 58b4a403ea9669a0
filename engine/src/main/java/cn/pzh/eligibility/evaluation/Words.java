package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.rules.Wording;
import java.util.Arrays;
import java.util.List;

/**
 * What a rule says, before it is put into words: a template of the wording file by its id, and the values of its
 * slots. A rule writes {@code Words.of("dibao-fallback").with("收入", $i).with("家庭", $c.describe())}; the sentence is
 * written when the determination is assembled, from the templates of the ruleset being evaluated.
 *
 * <p>A slot's value is written as: a String as it is; Words (another template, or {@link #NONE} for an optional part
 * left out) filled in place; anything else by its {@code toString()} (a {@link Calc} shows its arithmetic and result,
 * {@link CountableIncome} how it was added up, a date as YYYY-MM-DD).
 *
 * <p>Made and filled by the evaluation that owns it; {@link #with} adds to the words it is called on, so a rule
 * finishes its words before it hands them on.
 */
public final class Words {

    /** Nothing: an optional part of a sentence that does not apply. */
    public static final Words NONE = new Words(null, new Object[0], 0, "");

    /** Room for this many slots at first; most templates have fewer. */
    private static final int SLOTS = 6;

    /** The template, or null for words joined from parts. */
    private final String id;
    /** A template's slots as name, value, name, value…; the parts of joined words. */
    private Object[] items;
    /** Entries of {@code items} in use. */
    private int size;
    private final String separator;

    private Words(String id, Object[] items, int size, String separator) {
        this.id = id;
        this.items = items;
        this.size = size;
        this.separator = separator;
    }

    /** The template {@code id} of the wording file; its slots are filled with {@link #with}. */
    public static Words of(String id) {
        return new Words(id, new Object[2 * SLOTS], 0, null);
    }

    /** Fills slot {@code slot} of the template with {@code value}. */
    public Words with(String slot, Object value) {
        if (id == null) {
            throw new IllegalStateException("with(\"" + slot + "\", …) on words that are not one template");
        }
        if (value == null) {
            throw new IllegalArgumentException("slot {" + slot + "} of template " + id + " was given no value"
                    + " (null); an optional part is Words.NONE（模板 " + id + " 的空位 {" + slot + "} 没有填入内容）");
        }
        if (size + 2 > items.length) {
            items = Arrays.copyOf(items, items.length * 2);
        }
        items[size++] = slot;
        items[size++] = value;
        return this;
    }

    /** The parts (Words or Strings) one after another, {@code separator} between two: a list said in one breath. */
    public static Words join(String separator, List<?> parts) {
        return new Words(null, parts.toArray(), parts.size(), separator);
    }

    /** These words followed by {@code more}, with nothing between. */
    public Words and(Words more) {
        if (isEmpty()) {
            return more;
        }
        if (id == null && separator.isEmpty()) {
            Object[] v = Arrays.copyOf(items, size + 1);
            v[size] = more;
            return new Words(null, v, size + 1, "");
        }
        return new Words(null, new Object[] {this, more}, 2, "");
    }

    /** True for {@link #NONE} and words joined from no parts. */
    public boolean isEmpty() {
        return id == null && size == 0;
    }

    /** The template's id; null for joined words. */
    public String id() {
        return id;
    }

    /** The sentence, in the words of {@code wording}. */
    public String fill(Wording wording) {
        StringBuilder sb = new StringBuilder(128);
        fill(sb, wording);
        return sb.toString();
    }

    /**
     * Appends the sentence to {@code sb}.
     *
     * @throws Unfilled when the template is not in {@code wording} or a slot of it has no value here
     */
    public void fill(StringBuilder sb, Wording wording) {
        if (id == null) {
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    sb.append(separator);
                }
                write(sb, items[i], wording);
            }
            return;
        }
        Wording.Template t = wording.template(id);
        if (t == null) {
            throw new Unfilled("template " + id + " is not defined in " + Wording.FILE + "（说明文字模板 " + id + " 未定义）");
        }
        int n = t.slotCount();
        for (int i = 0; i < n; i++) {
            sb.append(t.literal(i));
            write(sb, value(t.slot(i)), wording);
        }
        sb.append(t.literal(n));
    }

    private Object value(String slot) {
        // Slot names are string constants on both sides (interned): found by identity, by equality otherwise.
        for (int i = 0; i < size; i += 2) {
            if (items[i] == slot) {
                return items[i + 1];
            }
        }
        for (int i = 0; i < size; i += 2) {
            if (items[i].equals(slot)) {
                return items[i + 1];
            }
        }
        throw new Unfilled("template " + id + " has slot {" + slot + "}, which the rule does not fill（模板 " + id
                + " 的空位 {" + slot + "} 规则没有填写）");
    }

    static void write(StringBuilder sb, Object v, Wording wording) {
        if (v instanceof String s) {
            sb.append(s);
        } else if (v instanceof Words w) {
            w.fill(sb, wording);
        } else {
            sb.append(v);
        }
    }

    @Override
    public String toString() {
        return id == null ? "Words[" + size + " parts]" : "Words[" + id + "]";
    }

    /** A sentence that cannot be written: the rules and the wording file disagree (check reports it). */
    public static final class Unfilled extends RuntimeException {
        Unfilled(String message) {
            super(message);
        }
    }
}
