package cn.pzh.eligibility.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

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

    /** The whole register contract again with names and numbers encrypted at rest. */
    @Nested
    class Encrypted extends StoreContract {
        @Override
        DataSource freshDatabase() {
            return PostgresStoreTest.this.freshDatabase();
        }

        @Override
        RegisterKeys keys() {
            return TestKeys.keys(TestKeys.K1);
        }
    }

    @Nested
    class Encryption extends EncryptionContract {
        @Override
        DataSource freshDatabase() {
            return PostgresStoreTest.this.freshDatabase();
        }
    }
}
