package cn.pzh.eligibility.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The throwaway server starts when the checkout sits under a directory only root may enter, as in a clone made into
 * `mktemp -d` (0700): run as root, the server's user cannot reach such a directory, and every PostgreSQL test of a
 * fresh clone there failed in initdb with "Permission denied".
 */
class LocalPostgresTest {

    @Test
    void startsUnderADirectoryTheServersUserCannotEnter() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && LocalPostgres.available(),
                "needs root and the machine's PostgreSQL binaries");
        Path closed = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "private-");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        assertThat(LocalPostgres.reachableByPostgres(closed)).isFalse();
        try (LocalPostgres server = LocalPostgres.start(closed.resolve("target"))) {
            try (Connection c = DriverManager.getConnection(server.createDatabase("private"), LocalPostgres.USER, "");
                    ResultSet r = c.createStatement().executeQuery("SELECT 1 + 1")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(2);
            }
        }
        assertThat(LocalPostgres.reachableByPostgres(Path.of("/tmp"))).isTrue();
    }
}
