package cn.pzh.eligibility.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** Re-evaluation on H2 in a file, as the service and the command line use it by default. */
class H2ReevaluationTest extends ReevaluationContract {

    @TempDir
    static Path dbDir;
    static int n;

    @Override
    DataSource freshDatabase() {
        return Store.simple(Store.h2FileUrl(dbDir.resolve("db" + (++n))), "sa", "");
    }
}
