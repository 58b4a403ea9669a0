package cn.pzh.eligibility.service.config;

import cn.pzh.eligibility.rules.Problem;
import cn.pzh.eligibility.rules.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
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
    RulesetHolder rulesetHolder(@Value("${rules.dir:rules}") String rulesDir) {
        Path dir = Path.of(rulesDir).toAbsolutePath().normalize();
        try {
            Ruleset rs = Ruleset.load(dir);
            log.info("Loaded ruleset {} from {}: {} rules in {} files", rs.version(), dir, rs.rules().size(),
                    rs.files().size());
            return new RulesetHolder(rs);
        } catch (RulesetException e) {
            log.error("No ruleset loaded from {}; the API answers 503 until it is fixed:\n{}", dir, e.getMessage());
            return new RulesetHolder(dir, e.problems());
        } catch (RuntimeException e) {
            log.error("No ruleset loaded from {}: {}", dir, e.toString());
            return new RulesetHolder(dir, List.of(Problem.error(dir.toString(), 0, String.valueOf(e.getMessage()))));
        }
    }
}
