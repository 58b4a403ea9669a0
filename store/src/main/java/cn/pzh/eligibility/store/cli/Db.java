package cn.pzh.eligibility.store.cli;

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

    Store open() {
        String u = url == null || url.isBlank() ? Store.h2FileUrl(Path.of("register-data")) : url;
        String usr = user != null ? user : System.getenv().getOrDefault("REGISTER_USER", u.startsWith("jdbc:h2:") ? "sa" : "");
        String pw = password != null ? password : System.getenv().getOrDefault("REGISTER_PASSWORD", "");
        return Store.open(Store.simple(u, usr, pw));
    }
}
