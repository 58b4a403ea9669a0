package cn.pzh.eligibility.service.reeval;

import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.store.Store;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The re-evaluation runs: in the register's database; archived rulesets written out under register.dir. */
@Configuration(proxyBeanMethods = false)
public class ReevaluationConfig {

    @Bean
    ReevaluationService reevaluationService(Store store, RulesetHolder rulesets,
            @Value("${register.dir:register-data}") String dir, @Value("${reevaluation.queue:4}") int queue,
            @Value("${reevaluation.threads:0}") int threads) {
        // Default all cores but one, as batch jobs: the interactive API keeps a core while a run goes on.
        int n = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        return new ReevaluationService(store, rulesets, Path.of(dir).toAbsolutePath().normalize().resolve("rulesets"),
                queue, n);
    }
}
