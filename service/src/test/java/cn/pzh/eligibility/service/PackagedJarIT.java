package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar {@code scripts/serve} runs, started as it runs it: by {@code scripts/start-service}, which picks the java
 * (a JDK 25 or later when the machine has one, with the start cache it makes in a training run the first time) and
 * the bounded heap of the README's command. The other tests start the application from the test classpath,
 * where test-scoped libraries are present; a dependency that the tests alone bring (Jackson 2 declared test-scoped
 * took springdoc's runtime copy out of the jar, and the service died at start with NoClassDefFoundError) only shows
 * here. Runs in the integration-test phase, after the jar is packaged.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/eligibility-service.jar");
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern JAVA = Pattern.compile("using Java (\\d+)");

    @Test
    void theServiceJarStartsAndAnswersADeterminationAndThePage(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the packaged service jar (mvn package)").exists();
        Path log = Path.of("target/packaged-jar-it.log");
        Process p = new ProcessBuilder(List.of("bash", "../scripts/start-service", "--server.port=0",
                "--rules.dir=../rules", "--cases.dir=../test-cases",
                "--reload.watch=false", "--register.dir=" + dir.resolve("register"),
                "--batches.dir=" + dir.resolve("jobs")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(p, log, Duration.ofMinutes(4));
            Http http = new Http(port);
            Http.Response determination = http.postJson("/api/v1/determinations?asOf=2019-10-01",
                    Files.readString(Http.EXAMPLE, StandardCharsets.UTF_8));
            assertThat(determination.status()).as(determination.body()).isEqualTo(200);
            assertThat(determination.json().path("householdId").asString()).isEqualTo("510411-2019-000123");
            Http.Response page = Http.anonymous(port).get("/login");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            Matcher java = JAVA.matcher(Files.readString(log, StandardCharsets.UTF_8));
            assertThat(java.find()).as("the log names the java it runs on").isTrue();
            if (Integer.parseInt(java.group(1)) >= 25) {
                assertThat(Path.of("target/app.aot")).as("the start cache made by the training run").exists();
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("app/eligibility-service.jar");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);  // a training run still going
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The port Tomcat took, from the log; fails with the log's end if the process ends or time runs out. */
    private static int awaitPort(Process p, Path log, Duration limit) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = PORT.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new AssertionError("the service jar exited with " + p.exitValue() + " before listening:\n"
                        + tail(text));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service jar did not listen within " + limit + ":\n"
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
