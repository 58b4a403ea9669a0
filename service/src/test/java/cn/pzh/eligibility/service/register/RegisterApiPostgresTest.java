package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.store.LocalPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same on a real PostgreSQL server started from the machine's binaries, as --spring.profiles.active=postgres. */
class RegisterApiPostgresTest extends RegisterApiContract {

    static LocalPostgres server;

    @BeforeAll
    static void start() {
        server = LocalPostgres.start(Path.of("target"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    List<String> databaseArguments(Path tmp) {
        return List.of("--spring.profiles.active=postgres", "--register.url=" + server.createDatabase("service"),
                "--register.user=" + LocalPostgres.USER, "--register.password=");
    }
}
