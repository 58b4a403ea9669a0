package cn.pzh.eligibility.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same tests on a real PostgreSQL server (the machine's own binaries, started here, stopped after). */
class PostgresStoreTest extends StoreContract {

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
        return Store.simple(server.createDatabase("store"), LocalPostgres.USER, "");
    }
}
