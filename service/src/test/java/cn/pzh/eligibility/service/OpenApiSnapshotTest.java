package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generated client (GeneratedClientTest) is generated at build time from a committed copy of the document,
 * src/test/resources/openapi/openapi.json, by openapi-generator-maven-plugin from Maven Central (service/pom.xml):
 * every build, CI's on a clean checkout included, makes it anew, and no generated source is committed that could go
 * stale. This test holds that copy to the live /v3/api-docs, so a change of the document cannot leave the generated
 * client behind; GeneratedClientTest and OpenApiContractTest then fail until the new operation is called.
 *
 * <p>After a deliberate change, refresh the copy with {@code mvn -B -o -pl service -am verify
 * -Dtest=OpenApiSnapshotTest -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.snapshot.write=true} and build again
 * (the client is generated from the copy before the tests run). If the change breaks the client GeneratedClientTest
 * compiles against, add {@code -Dcodegen.skip=true -Dopenapi.client.exclude=**}{@code /GeneratedClientTest.java} to
 * that command, then fix GeneratedClientTest against the newly generated client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false", "batches.threads=1"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenApiSnapshotTest {

    static final Path SNAPSHOT = Path.of("src/test/resources/openapi/openapi.json");
    static final String WRITE = "openapi.snapshot.write";

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) {
        r.add("batches.dir", () -> temp.resolve("jobs").toString());
        r.add("register.dir", () -> temp.resolve("register").toString());
    }

    @LocalServerPort
    int port;

    /** The live document without its servers (they name this test's random port). */
    static JsonNode live(int port) {
        ObjectNode doc = (ObjectNode) new OpenApiClient(port).doc.deepCopy();
        doc.remove("servers");
        return doc;
    }

    @Test
    void theCommittedSnapshotIsTheLiveDocument() throws Exception {
        JsonNode live = live(port);
        if (Boolean.getBoolean(WRITE)) {
            String text = Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(live);
            Files.writeString(SNAPSHOT, text + "\n", StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(SNAPSHOT)).as(SNAPSHOT + " exists").isTrue();
        JsonNode committed = Json.MAPPER.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
        assertThat(live).as("the live /v3/api-docs differs from " + SNAPSHOT + ": refresh it with -D" + WRITE
                + "=true (see this class) and rebuild, so the generated client follows").isEqualTo(committed);
    }
}
