package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.store.Casework;
import cn.pzh.eligibility.store.RegisterKeys;
import cn.pzh.eligibility.store.Store;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The case register's database: an H2 file under {@code register.dir} unless {@code register.url} names another
 * (the {@code postgres} profile: application-postgres.properties). The schema is migrated when the service starts.
 */
@Configuration(proxyBeanMethods = false)
public class RegisterConfig {

    private static final Logger log = LoggerFactory.getLogger(RegisterConfig.class);

    @Bean(destroyMethod = "close")
    HikariDataSource registerDataSource(@Value("${register.dir:register-data}") String dir,
            @Value("${register.url:}") String url, @Value("${register.user:sa}") String user,
            @Value("${register.password:}") String password, @Value("${register.pool-size:8}") int poolSize) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url.isBlank() ? Store.h2FileUrl(Path.of(dir)) : url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(poolSize);
        c.setPoolName("register");
        // The register must be there when the first household is saved: fail at start, not at the first request.
        c.setInitializationFailTimeout(30_000);
        log.info("Case register database: {}", c.getJdbcUrl().replaceAll("password=[^;&]*", "password=***"));
        return new HikariDataSource(c);
    }

    /**
     * Encryption at rest of names, identity numbers and the facts documents: off unless keys are configured
     * ({@code register.encryption.keys}, or a file {@code register.encryption.key-file}; by default from the
     * environment REGISTER_KEYS / REGISTER_KEY_FILE). Keys that do not fit the register stop the start with a
     * message naming the problem (RegisterKeyFailureAnalyzer).
     */
    @Bean
    Store store(HikariDataSource registerDataSource, @Value("${register.encryption.keys:}") String keys,
            @Value("${register.encryption.key-file:}") String keyFile) {
        RegisterKeys k = RegisterKeys.fromConfiguration(keys, "register.encryption.keys", keyFile,
                "register.encryption.key-file");
        Store store = Store.open(registerDataSource, k);
        log.info("Case register encryption at rest: {}", k.enabled() ? "on, current key " + k.currentId()
                + (k.ids().size() > 1 ? ", older keys " + String.join(", ", k.ids().subList(1, k.ids().size())) : "")
                : "off (no key configured)");
        return store;
    }

    @Bean
    Casework casework(Store store, @Value("${register.dir:register-data}") String dir) {
        return new Casework(store, Path.of(dir).toAbsolutePath().normalize().resolve("rulesets"));
    }
}
