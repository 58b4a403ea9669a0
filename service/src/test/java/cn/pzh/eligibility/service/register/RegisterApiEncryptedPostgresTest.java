package cn.pzh.eligibility.service.register;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.store.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The register's whole HTTP contract (register, search by last 4, restart, reload, replay, notice) on PostgreSQL with
 * encryption at rest on, as an office would run it; then the raw tables, read with plain JDBC, hold no name or
 * identity number: the service passed its key to the store and every row was sealed.
 */
class RegisterApiEncryptedPostgresTest extends RegisterApiContract {

    static LocalPostgres server;
    static String url;

    @BeforeAll
    static void start() {
        server = LocalPostgres.start(Path.of("target"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String key(String id, String label) throws Exception {
        byte[] k = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        return id + ":" + Base64.getEncoder().encodeToString(k);
    }

    @Override
    List<String> databaseArguments(Path tmp) {
        url = server.createDatabase("service");
        try {
            return List.of("--spring.profiles.active=postgres", "--register.url=" + url,
                    "--register.user=" + LocalPostgres.USER, "--register.password=",
                    "--register.encryption.keys=" + key("k1", "service test key"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void theRawTablesHoldNoNameOrIdentityNumber() throws Exception {
        StringBuilder raw = new StringBuilder();
        int persons = 0;
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, ""); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT name, id_number, id_last4, key_id, sealed FROM household_person")) {
                while (r.next()) {
                    persons++;
                    assertThat(r.getString(1) == null).as("name column empty (its value is not printed)").isTrue();
                    assertThat(r.getString(2) == null).as("identity number column empty (its value is not printed)").isTrue();
                    assertThat(r.getString(3) == null).as("last 4 column empty (its value is not printed)").isTrue();
                    assertThat(r.getString(4)).isEqualTo("k1");
                    raw.append(r.getString(5));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT document, key_id FROM household_version")) {
                while (r.next()) {
                    assertThat(r.getString(1).startsWith("enc1:k1:")).as("a sealed document").isTrue();
                    assertThat(r.getString(2)).isEqualTo("k1");
                    raw.append(r.getString(1));
                }
            }
        }
        assertThat(persons).isEqualTo(3);
        for (String clear : List.of("王德明", "王秀英", "510411195803141311", "13800000000", "三组")) {
            assertThat(raw.indexOf(clear)).as("a personal value in clear in the raw rows").isEqualTo(-1);
        }
    }
}
