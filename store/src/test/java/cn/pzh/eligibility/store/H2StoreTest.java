package cn.pzh.eligibility.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The store on H2 in a file, as the service and the command line use it by default. */
class H2StoreTest extends StoreContract {

    @TempDir
    static Path dbDir;
    static int n;

    @Override
    DataSource freshDatabase() {
        return Store.simple(Store.h2FileUrl(dbDir.resolve("db" + (++n))), "sa", "");
    }

    /** The whole register contract again with names and numbers encrypted at rest. */
    @Nested
    class Encrypted extends StoreContract {
        @Override
        DataSource freshDatabase() {
            return H2StoreTest.this.freshDatabase();
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
            return H2StoreTest.this.freshDatabase();
        }

        @Override
        Path databaseFile() {
            return dbDir.resolve("db" + n).resolve("register.mv.db");
        }
    }
}
