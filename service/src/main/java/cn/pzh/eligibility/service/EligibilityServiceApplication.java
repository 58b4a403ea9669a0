package cn.pzh.eligibility.service;

import cn.pzh.eligibility.service.config.RulesetPreload;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The HTTP API and the caseworker page over the engine. Start with {@code --rules.dir=DIR} to use other rules. */
@SpringBootApplication
public class EligibilityServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(EligibilityServiceApplication.class);
        // The rules compile beside Spring's own start rather than after it.
        app.addInitializers(new RulesetPreload());
        app.run(args);
    }
}
