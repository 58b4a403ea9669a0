package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.ParameterSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * What a rules directory compiles to: the rule base, the parameters, the code catalogue and the wording, with the
 * version (a content hash of the files) that names them. Immutable. Evaluating with it is the next layer's
 * ({@code evaluation.Ruleset}); this one only reads, checks and compiles policy staff's files.
 */
public record CompiledRules(String version, Instant loadedAt, Path directory, List<String> files,
        List<RuleInfo> rules, KieBase kieBase, ParameterSet parameters, Codes codes, Wording wording) {

    public CompiledRules {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
    }

    /** Loads every {@code *.drl} under {@code directory}, {@code parameters/*.yaml}, {@code codes.yaml} and
     * {@code wording.yaml}; a {@link RulesetException} lists every problem with its file and line. */
    public static CompiledRules load(Path directory) {
        return RulesetLoader.load(directory);
    }

    /** The same rules with some parameters held at one value: for test-cases and what-if questions. */
    public CompiledRules withParameterOverrides(Map<String, Object> overrides, String source) {
        if (overrides.isEmpty()) {
            return this;
        }
        return new CompiledRules(version + "+overrides", loadedAt, directory, files, rules, kieBase,
                parameters.withOverrides(overrides, source), codes, wording);
    }
}
