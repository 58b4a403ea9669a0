package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every stream of households does to one chunk of it ({@code batch}, {@code evaluate --jsonl}, the service's
 * jobs, the register's runs, the Spark job): read each household, evaluate the valid ones together in one rule
 * session (and, in a comparison, under the baseline in another), and give each record its outcome in input order —
 * the determinations, or what was wrong with it as field errors. How an outcome is written is the caller's.
 */
public final class ChunkEvaluation {

    private static final Pattern ID = Pattern.compile("\"householdId\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");

    /** Reads one record of the chunk: a household, or an {@link InvalidHouseholdException} with its field errors. */
    @FunctionalInterface
    public interface Reader {
        Household read();
    }

    /**
     * One record's outcome. On success {@code household} and {@code after} are set ({@code before} too in a
     * comparison); otherwise {@code problems} says what is wrong (never empty) and {@code householdId} is the id as
     * far as it could be read (null when none).
     */
    public record Outcome(String householdId, Household household, Determination after, Determination before,
            List<FieldError> problems, RuntimeException failure) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private ChunkEvaluation() {
    }

    /**
     * @param base     the baseline ruleset of a comparison, or null
     * @param baseDate the baseline's date (used only with {@code base})
     * @param texts    the records' text where there is one, for guessing the id of a record that could not be read
     *                 (may be null, or hold nulls)
     */
    public static List<Outcome> evaluate(Ruleset rules, LocalDate asOf, Ruleset base, LocalDate baseDate,
            List<Reader> readers, List<String> texts) {
        int n = readers.size();
        Household[] households = new Household[n];
        RuntimeException[] failures = new RuntimeException[n];
        List<Household> valid = new ArrayList<>(n);
        List<Integer> validAt = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                households[i] = readers.get(i).read();
                valid.add(households[i]);
                validAt.add(i);
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        }
        Evaluator.Outcome[] after = new Evaluator.Outcome[n];
        Evaluator.Outcome[] before = new Evaluator.Outcome[n];
        if (rules != null && !valid.isEmpty()) {
            List<Evaluator.Outcome> a = rules.evaluateAll(valid, asOf);
            List<Evaluator.Outcome> b = base != null ? base.evaluateAll(valid, baseDate) : null;
            for (int k = 0; k < validAt.size(); k++) {
                after[validAt.get(k)] = a.get(k);
                if (b != null) {
                    before[validAt.get(k)] = b.get(k);
                }
            }
        }
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Household h = households[i];
            RuntimeException failure = failures[i];
            if (failure == null && rules != null) {
                failure = after[i].error() != null ? after[i].error() : base != null ? before[i].error() : null;
            }
            if (failure == null) {
                out.add(new Outcome(h.householdId(), h, rules == null ? null : after[i].determination(),
                        base == null ? null : before[i].determination(), List.of(), null));
                continue;
            }
            String id = h != null ? h.householdId() : null;
            out.add(failed(failure, id, texts == null ? null : texts.get(i)));
        }
        return out;
    }

    /** The outcome of a record that failed with {@code e}, as field errors. */
    public static Outcome failed(RuntimeException e, String knownId, String text) {
        if (e instanceof InvalidHouseholdException ie) {
            String id = ie.householdId() != null ? ie.householdId() : knownId != null ? knownId : guessId(text);
            return new Outcome(id, null, null, null, ie.errors(), e);
        }
        if (e instanceof RuleEvaluationException) {
            return new Outcome(knownId, null, null, null, List.of(new FieldError("$", e.getMessage(), "规则执行出错")),
                    e);
        }
        // Not the household's fault, but one household must not stop a million: report it and go on. Only the kind
        // of failure: its message may hold the household's values.
        return new Outcome(knownId, null, null, null, List.of(new FieldError("$",
                "internal error (" + e.getClass().getSimpleName() + ")", "内部错误")), e);
    }

    /** The householdId of a line that could not be read as a household, if the text shows one. */
    public static String guessId(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ID.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
