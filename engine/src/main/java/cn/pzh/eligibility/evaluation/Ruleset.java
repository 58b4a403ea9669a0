package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.params.ParameterSet;
import cn.pzh.eligibility.rules.Codes;
import cn.pzh.eligibility.rules.CompiledRules;
import cn.pzh.eligibility.rules.RuleInfo;
import cn.pzh.eligibility.rules.Wording;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Rule files, parameters, code catalogue and wording made into one immutable value, with the version that names it,
 * ready to evaluate households. A new edit makes a new Ruleset; it is swapped whole, never changed in place.
 */
public final class Ruleset {

    private final CompiledRules compiled;
    private final Evaluator evaluator;

    public Ruleset(CompiledRules compiled) {
        this(compiled, Evaluator.configuredTimeLimit());
    }

    private Ruleset(CompiledRules compiled, Duration timeLimit) {
        this.compiled = compiled;
        this.evaluator = new Evaluator(compiled.kieBase(), compiled.parameters(), compiled.codes(), compiled.wording(),
                compiled.version(), timeLimit);
    }

    /**
     * Loads every {@code *.drl} under {@code directory}, {@code parameters/*.yaml}, {@code codes.yaml} and
     * {@code wording.yaml}.
     */
    public static Ruleset load(Path directory) {
        return new Ruleset(CompiledRules.load(directory));
    }

    public Determination evaluate(Household household, LocalDate asOf) {
        return evaluator.evaluate(household, asOf);
    }

    /** Many households at one date, in one rule session; outcomes in input order (see Evaluator#evaluateAll). */
    public List<Evaluator.Outcome> evaluateAll(List<Household> households, LocalDate asOf) {
        return evaluator.evaluateAll(households, asOf);
    }

    /** Like {@link #evaluate}, also listing every rule that fired (for coverage and impact analysis). */
    public Evaluator.Traced evaluateTraced(Household household, LocalDate asOf) {
        return evaluator.evaluateTraced(household, asOf);
    }

    /**
     * The same rules with another time limit per household evaluation (default: the system property
     * {@value Evaluator#TIME_LIMIT_PROPERTY}, else {@link Evaluator#DEFAULT_TIME_LIMIT}).
     */
    public Ruleset withTimeLimit(Duration timeLimit) {
        return new Ruleset(compiled, timeLimit);
    }

    public Duration timeLimit() {
        return evaluator.timeLimit();
    }

    /** The same rules with some parameters held at one value: for test-cases and what-if questions. */
    public Ruleset withParameterOverrides(Map<String, Object> overrides, String source) {
        if (overrides.isEmpty()) {
            return this;
        }
        return new Ruleset(compiled.withParameterOverrides(overrides, source), evaluator.timeLimit());
    }

    /** What the rules directory compiled to. */
    public CompiledRules compiled() {
        return compiled;
    }

    /** A content hash of every rule, parameter, catalogue and wording file: same files, same version. */
    public String version() {
        return compiled.version();
    }

    public Instant loadedAt() {
        return compiled.loadedAt();
    }

    public Path directory() {
        return compiled.directory();
    }

    /** The files hashed into the version, relative to the directory. */
    public List<String> files() {
        return compiled.files();
    }

    public List<RuleInfo> rules() {
        return compiled.rules();
    }

    public ParameterSet parameters() {
        return compiled.parameters();
    }

    public Codes codes() {
        return compiled.codes();
    }

    /** The sentences determinations are written in ({@code wording.yaml}). */
    public Wording wording() {
        return compiled.wording();
    }
}
