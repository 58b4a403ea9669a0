package cn.pzh.eligibility.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Re-evaluation on a real PostgreSQL server (the machine's own binaries, started here, stopped after). */
class PostgresReevaluationTest extends ReevaluationContract {

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
    DataSource freshDatabase() {
        return Store.simple(server.createDatabase("reeval"), LocalPostgres.USER, "");
    }
}
