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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class RulesetConfig {

    private static final Logger log = LoggerFactory.getLogger(RulesetConfig.class);

    /**
     * Rules that fail to load do not stop the service: health turns DOWN with each file and line, and the API
     * answers 503, so the page and the problems stay visible while the rules are put right.
     */
    @Bean
    RulesetHolder rulesetHolder(@Value("${rules.dir:rules}") String rulesDir, Limits limits) {
        Path dir = Path.of(rulesDir).toAbsolutePath().normalize();
        // Loaded from a private copy, as every reload is: the impact comparison reads the serving ruleset's files,
        // which must stay the ones it was built from while staff edit the directory.
        Path snapshot = RulesSnapshots.take(dir);
        try {
            Ruleset rs = Ruleset.load(snapshot);
            log.info("Loaded ruleset {} from {}: {} rules in {} files", rs.version(), dir, rs.rules().size(),
                    rs.files().size());
            return new RulesetHolder(rs, dir, limits.evaluationTime());
        } catch (RulesetException e) {
            RulesSnapshots.delete(snapshot);
            List<Problem> problems = Files.isDirectory(dir) ? RulesSnapshots.relocate(e.problems(), snapshot, dir)
                    : List.of(Problem.error(dir.toString(), 0, "rules directory not found（找不到规则目录）"));
            log.error("No ruleset loaded from {}; the API answers 503 until it is fixed:\n{}", dir,
                    problems.stream().map(Problem::toString).collect(java.util.stream.Collectors.joining("\n")));
            return new RulesetHolder(dir, problems, limits.evaluationTime());
        } catch (RuntimeException e) {
            RulesSnapshots.delete(snapshot);
            log.error("No ruleset loaded from {}: {}", dir, e.toString());
            return new RulesetHolder(dir, List.of(Problem.error(dir.toString(), 0, String.valueOf(e.getMessage()))),
                    limits.evaluationTime());
        }
    }
}
