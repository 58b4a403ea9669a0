package cn.pzh.eligibility.service.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.service.EligibilityServiceApplication;
import cn.pzh.eligibility.store.RegisterKeyException;
import cn.pzh.eligibility.store.RegisterKeys;
import cn.pzh.eligibility.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service on an encrypted register: without its key, or with another key under the same id, it does not start
 * and says which key and which setting, in Spring Boot's failure report, without a stack trace; with the key it
 * starts and finds the household by the last 4 digits.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegisterKeyStartupTest {

    @TempDir
    Path tmp;

    private ConfigurableApplicationContext start(Path register, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--rules.dir=../rules",
                "--cases.dir=../test-cases", "--reload.watch=false", "--register.dir=" + register));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(EligibilityServiceApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aMissingOrWrongKeyStopsTheStartWithOneClearReason(CapturedOutput output) throws Exception {
        Path register = tmp.resolve("register");
        String k1 = RegisterApiEncryptedPostgresTest.key("k1", "startup test key");
        Store store = Store.open(Store.simple(Store.h2FileUrl(register), "sa", ""), RegisterKeys.parse(k1, "test"));
        store.register().create((ObjectNode) Json.MAPPER.readTree(Files.readString(RegisterApiContract.EXAMPLE,
                StandardCharsets.UTF_8)), "caseworker");

        assertThatThrownBy(() -> start(register)).hasRootCauseInstanceOf(RegisterKeyException.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("The case register's encryption keys do not fit it: the register is encrypted (key k1) but"
                        + " no key is configured").contains("register.encryption.keys");

        String wrong = RegisterApiEncryptedPostgresTest.key("k1", "another key");
        assertThatThrownBy(() -> start(register, "--register.encryption.keys=" + wrong))
                .hasRootCauseInstanceOf(RegisterKeyException.class);
        assertThat(output.getAll()).contains("key k1 is not the key this register was encrypted with")
                .doesNotContain(wrong.substring(3)).doesNotContain(k1.substring(3));
        assertThatThrownBy(() -> start(register, "--register.encryption.keys=k1:tooshort"))
                .hasRootCauseInstanceOf(RegisterKeyException.class);
        assertThat(output.getAll()).contains("register.encryption.keys: key k1 must be 32 bytes");
        // Boot's report instead of the exception's stack: no frame of the register's code is printed.
        assertThat(output.getAll()).doesNotContain("at cn.pzh.eligibility.store.")
                .doesNotContain("Application run failed");

        Path keyFile = tmp.resolve("register.keys");
        Files.writeString(keyFile, k1 + "\n");
        try (ConfigurableApplicationContext app = start(register, "--register.encryption.key-file=" + keyFile)) {
            Client cw = Client.caseworker(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            Client.Response found = cw.get("/api/v1/households?q=1311");
            assertThat(found.status()).as(found.body()).isEqualTo(200);
            assertThat(found.json().get("households").get(0).get("householdId").stringValue())
                    .isEqualTo("510411-2019-000123");
            assertThat(found.body()).contains("510411********1311");
        }
        assertThat(output.getAll()).contains("Case register encryption at rest: on, current key k1");
    }
}
