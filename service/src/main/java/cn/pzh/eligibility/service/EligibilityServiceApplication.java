package cn.pzh.eligibility.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The HTTP API and the caseworker page over the engine. Start with {@code --rules.dir=DIR} to use other rules. */
@SpringBootApplication
public class EligibilityServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(EligibilityServiceApplication.class, args);
    }
}
