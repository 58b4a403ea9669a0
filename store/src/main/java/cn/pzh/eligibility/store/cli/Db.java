package cn.pzh.eligibility.store.cli;

import cn.pzh.eligibility.store.RegisterKeys;
import cn.pzh.eligibility.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which register: {@code --db JDBC_URL} (default: the service's H2 file under ./register-data). */
final class Db {

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "the register's database, e.g. jdbc:postgresql://host/eligibility (default: H2 file ./register-data/register)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user (default: sa for H2; $REGISTER_USER)")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "database password (default: $REGISTER_PASSWORD)")
    String password;

    @Option(names = "--key-file", paramLabel = "FILE", description = "the register's encryption keys, one"
            + " KEY_ID:BASE64 per line, the current key first (default: $REGISTER_KEYS, or the file $REGISTER_KEY_FILE;"
            + " none: the register is not encrypted)")
    Path keyFile;

    Store open() {
        return Store.open(dataSource(), keys());
    }

    javax.sql.DataSource dataSource() {
        String u = url == null || url.isBlank() ? Store.h2FileUrl(Path.of("register-data")) : url;
        String usr = user != null ? user : System.getenv().getOrDefault("REGISTER_USER", u.startsWith("jdbc:h2:") ? "sa" : "");
        String pw = password != null ? password : System.getenv().getOrDefault("REGISTER_PASSWORD", "");
        return Store.simple(u, usr, pw);
    }

    /** --key-file, else $REGISTER_KEYS, else $REGISTER_KEY_FILE: the option given on the line wins over the environment. */
    RegisterKeys keys() {
        return keys(keyFile);
    }

    static RegisterKeys keys(Path keyFile) {
        if (keyFile != null) {
            return RegisterKeys.fromConfiguration(null, "REGISTER_KEYS", keyFile.toString(), "--key-file");
        }
        return RegisterKeys.fromConfiguration(System.getenv("REGISTER_KEYS"), "REGISTER_KEYS",
                System.getenv("REGISTER_KEY_FILE"), "REGISTER_KEY_FILE");
    }
}
