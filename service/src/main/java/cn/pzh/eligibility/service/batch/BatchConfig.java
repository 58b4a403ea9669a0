package cn.pzh.eligibility.service.batch;

import cn.pzh.eligibility.service.config.RulesetHolder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * The batch jobs. Their defaults (the upload limit among them) are in {@code batches.properties}, beside this code
 * rather than in application.properties: a property source of lower precedence, so application.properties, the
 * environment and the command line still override every one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchProperties.class)
@PropertySource(value = "classpath:batches.properties", encoding = "UTF-8")
public class BatchConfig {

    @Bean
    JobStore jobStore(BatchProperties props) {
        return new JobStore(props.dir());
    }

    @Bean
    BatchJobService batchJobService(JobStore store, RulesetHolder rulesets, BatchProperties props) {
        return new BatchJobService(store, rulesets, props);
    }
}
