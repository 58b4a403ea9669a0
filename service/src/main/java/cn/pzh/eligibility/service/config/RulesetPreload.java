package cn.pzh.eligibility.service.config;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Compiles the rules on a thread of their own while Spring builds the rest of the service (issue 12: compiling them
 * in line took 2.8 s of a 9 s start). The main method adds it; the rules directory comes from the same environment
 * the beans see, and {@link RulesetConfig} takes the result, waiting for it if it is not done. Tests that start the
 * application without the main method load in line, as before.
 *
 * <p>Evaluating a few households here as a warm-up was tried and left out: it made the start slower on two cores
 * (it competes with Spring's start and the JIT) and the first answer no sooner.
 */
public final class RulesetPreload implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The load under way for one directory. */
    public record Pending(Path directory, CompletableFuture<RulesetConfig.Loaded> result) {

        RulesetConfig.Loaded await() {
            return result.join();
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dir = RulesetConfig.directory(context.getEnvironment().getProperty("rules.dir", "rules"));
        CompletableFuture<RulesetConfig.Loaded> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(RulesetConfig.load(dir));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "rules-preload");
        t.setDaemon(true);
        t.start();
        context.getBeanFactory().registerSingleton("rulesetPreload", new Pending(dir, result));
    }
}
