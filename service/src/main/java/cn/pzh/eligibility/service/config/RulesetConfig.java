package cn.pzh.eligibility.service.config;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import cn.pzh.eligibility.service.reload.RulesSnapshots;
import cn.pzh.eligibility.service.web.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class RulesetConfig {

    private static final Logger log = LoggerFactory.getLogger(RulesetConfig.class);

    /** What loading the rules directory gave: a ruleset, or the problems that kept it from loading. */
    public record Loaded(Ruleset ruleset, List<Problem> problems) {
    }

    /**
     * Rules that fail to load do not stop the service: health turns DOWN with each file and line, and the API
     * answers 503, so the page and the problems stay visible while the rules are put right. The rules are compiled
     * while Spring starts when the service was started by its main method ({@link RulesetPreload}); otherwise here.
     */
    @Bean
    RulesetHolder rulesetHolder(@Value("${rules.dir:rules}") String rulesDir, Limits limits,
            ObjectProvider<RulesetPreload.Pending> preload) {
        Path dir = directory(rulesDir);
        RulesetPreload.Pending pending = preload.getIfAvailable();
        Loaded loaded = pending != null && pending.directory().equals(dir) ? pending.await() : load(dir);
        if (loaded.ruleset() != null) {
            Ruleset rs = loaded.ruleset();
            log.info("Loaded ruleset {} from {}: {} rules in {} files", rs.version(), dir, rs.rules().size(),
                    rs.files().size());
            return new RulesetHolder(rs, dir, limits.evaluationTime());
        }
        log.error("No ruleset loaded from {}; the API answers 503 until it is fixed:\n{}", dir,
                loaded.problems().stream().map(Problem::toString).collect(java.util.stream.Collectors.joining("\n")));
        return new RulesetHolder(dir, loaded.problems(), limits.evaluationTime());
    }

    static Path directory(String rulesDir) {
        return Path.of(rulesDir).toAbsolutePath().normalize();
    }

    /**
     * Loads from a private copy, as every reload does: the impact comparison reads the serving ruleset's files,
     * which must stay the ones it was built from while staff edit the directory.
     */
    static Loaded load(Path dir) {
        Path snapshot = RulesSnapshots.take(dir);
        try {
            return new Loaded(Ruleset.load(snapshot), List.of());
        } catch (RulesetException e) {
            RulesSnapshots.delete(snapshot);
            List<Problem> problems = Files.isDirectory(dir) ? RulesSnapshots.relocate(e.problems(), snapshot, dir)
                    : List.of(Problem.error(dir.toString(), 0, "rules directory not found（找不到规则目录）"));
            return new Loaded(null, problems);
        } catch (RuntimeException e) {
            RulesSnapshots.delete(snapshot);
            return new Loaded(null, List.of(Problem.error(dir.toString(), 0, String.valueOf(e.getMessage()))));
        }
    }
}
