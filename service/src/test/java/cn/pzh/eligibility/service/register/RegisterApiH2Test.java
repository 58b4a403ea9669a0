package cn.pzh.eligibility.service.register;

import java.nio.file.Path;
import java.util.List;

/** The register's HTTP contract on the default database: H2 in a file under register.dir. */
class RegisterApiH2Test extends RegisterApiContract {

    @Override
    List<String> databaseArguments(Path tmp) {
        return List.of();
    }
}
