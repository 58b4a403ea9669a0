package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.params.ParameterSet;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * Rule files, parameters, code catalogue and wording made into one immutable value, with the version that names it.
 * A new edit makes a new Ruleset; it is swapped whole, never changed in place.
 */
public final class Ruleset {

    private final String version;
    private final Instant loadedAt;
    private final Path directory;
    private final List<String> files;
    private final List<RuleInfo> rules;
    private final KieBase kieBase;
    private final ParameterSet parameters;
    private final Codes codes;
    private final Wording wording;
    private final Evaluator evaluator;

    Ruleset(String version, Instant loadedAt, Path directory, List<String> files, List<RuleInfo> rules,
            KieBase kieBase, ParameterSet parameters, Codes codes, Wording wording) {
        this(version, loadedAt, directory, files, rules, kieBase, parameters, codes, wording,
                Evaluator.configuredTimeLimit());
    }

    private Ruleset(String version, Instant loadedAt, Path directory, List<String> files, List<RuleInfo> rules,
            KieBase kieBase, ParameterSet parameters, Codes codes, Wording wording, java.time.Duration timeLimit) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.directory = directory;
        this.files = List.copyOf(files);
        this.rules = List.copyOf(rules);
        this.kieBase = kieBase;
        this.parameters = parameters;
        this.codes = codes;
        this.wording = wording;
        this.evaluator = new Evaluator(kieBase, parameters, codes, wording, version, timeLimit);
    }

    /**
     * Loads every {@code *.drl} under {@code directory}, {@code parameters/*.yaml}, {@code codes.yaml} and
     * {@code wording.yaml}.
     */
    public static Ruleset load(Path directory) {
        return RulesetLoader.load(directory);
    }

    public Determination evaluate(Household household, LocalDate asOf) {
        return evaluator.evaluate(household, asOf);
    }

    /** Many households at one date, in one rule session; outcomes in input order (see Evaluator#evaluateAll). */
    public java.util.List<Evaluator.Outcome> evaluateAll(java.util.List<Household> households, LocalDate asOf) {
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
    public Ruleset withTimeLimit(java.time.Duration timeLimit) {
        return new Ruleset(version, loadedAt, directory, files, rules, kieBase, parameters, codes, wording, timeLimit);
    }

    public java.time.Duration timeLimit() {
        return evaluator.timeLimit();
    }

    /** The same rules with some parameters held at one value: for test-cases and what-if questions. */
    public Ruleset withParameterOverrides(Map<String, Object> overrides, String source) {
        if (overrides.isEmpty()) {
            return this;
        }
        return new Ruleset(version + "+overrides", loadedAt, directory, files, rules, kieBase,
                parameters.withOverrides(overrides, source), codes, wording, evaluator.timeLimit());
    }

    /** A content hash of every rule, parameter, catalogue and wording file: same files, same version. */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public Path directory() {
        return directory;
    }

    /** The files hashed into the version, relative to the directory. */
    public List<String> files() {
        return files;
    }

    public List<RuleInfo> rules() {
        return rules;
    }

    public ParameterSet parameters() {
        return parameters;
    }

    public Codes codes() {
        return codes;
    }

    /** The sentences determinations are written in ({@code wording.yaml}). */
    public Wording wording() {
        return wording;
    }
}
