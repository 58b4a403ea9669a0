package cn.pzh.eligibility.service.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Batch jobs over real HTTP against the real rules in ../rules, with real files: submit, poll, download, and every
 * way a client can get the form wrong. The upload limit is lowered to 1 MB here to test it cheaply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.dir=../rules", "batches.chunk-size=32", "batches.threads=1",
        "spring.servlet.multipart.max-file-size=1MB", "spring.servlet.multipart.max-request-size=1MB"})
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class BatchApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    static Ruleset rules;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) {
        r.add("batches.dir", () -> temp.resolve("jobs").toString());
        // The "old" rules a comparison may name: the rural standard of 2019 at 380 instead of 410.
        r.add("batches.baseline-dirs.rural380", () -> Caseloads.rulesWithRuralStandard(temp.resolve("rules-380"), 380)
                .toString());
    }

    @BeforeAll
    static void load() {
        rules = Ruleset.load(Path.of("../rules"));
    }

    @LocalServerPort
    int port;

    BatchClient http;

    @BeforeEach
    void client() {
        http = new BatchClient(port);
    }

    String submitted(BatchClient.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        JsonNode job = r.json();
        String id = job.get("id").stringValue();
        assertThat(r.location()).endsWith(BatchClient.BATCHES + "/" + id);
        assertThat(job.get("links").get("self").stringValue()).isEqualTo(BatchClient.BATCHES + "/" + id);
        // The answer shows the job as it is at that moment: a small job may already be done, and a file the engine
        // refuses at its header may already have failed.
        assertThat(job.get("state").stringValue()).isIn("QUEUED", "RUNNING", "DONE", "FAILED");
        assertThat(job.get("ruleset").get("version").stringValue()).isEqualTo(rules.version());
        return id;
    }

    static List<String> lines(BatchClient.Response r) {
        String text = r.text();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Test
    void jsonLinesJobEqualsSingleEvaluationsAndReportsBadLines() {
        HouseholdGenerator g = Caseloads.generator2019(0.01);
        int n = 300;
        String id = submitted(http.submit("caseload.jsonl", Caseloads.write(g, n, false),
                Map.of("asOf", "2019-10-01")));

        JsonNode job = http.await(id, WAIT);
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("format").stringValue()).isEqualTo("JSONL");
        assertThat(job.get("asOf").stringValue()).isEqualTo("2019-10-01");
        assertThat(job.get("startedAt").isNull()).isFalse();
        assertThat(job.get("finishedAt").isNull()).isFalse();
        JsonNode p = job.get("progress");
        assertThat(p.get("linesRead").asLong()).isEqualTo(n);
        assertThat(p.get("householdsRead").asLong()).isEqualTo(n);
        assertThat(p.get("errors").asLong()).isEqualTo(3);
        assertThat(p.get("written").asLong()).isEqualTo(n - 3);
        assertThat(p.get("linesRead").asLong()).isEqualTo(p.get("written").asLong() + p.get("errors").asLong());
        assertThat(p.get("householdsPerSecond").asDouble()).isPositive();
        assertThat(job.get("links").has("diff")).isFalse();

        BatchClient.Response results = http.get(BatchClient.BATCHES + "/" + id + "/results");
        assertThat(results.status()).isEqualTo(200);
        assertThat(results.contentType()).startsWith("application/x-ndjson");
        Caseloads.assertSameLines(lines(results), Caseloads.singleEvaluations(rules, g, n, Caseloads.AS_OF));

        BatchClient.Response errors = http.get(BatchClient.BATCHES + "/" + id + "/errors");
        assertThat(errors.status()).isEqualTo(200);
        List<Long> badLines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (g.isBad(i)) {
                badLines.add(i + 1L);
            }
        }
        List<JsonNode> errorLines = lines(errors).stream().map(Json.MAPPER::readTree).toList();
        assertThat(errorLines).isNotEmpty();
        assertThat(errorLines.stream().map(e -> e.get("line").asLong()).distinct().toList())
                .containsExactlyElementsOf(badLines);
        errorLines.forEach(e -> {
            assertThat(e.get("path").stringValue()).isNotBlank();
            assertThat(e.get("messageZh").stringValue()).isNotBlank();
        });

        // Not a comparison: no diff, no report.
        BatchClient.assertProblem(http.get(BatchClient.BATCHES + "/" + id + "/diff"), 404);
        BatchClient.assertProblem(http.get(BatchClient.BATCHES + "/" + id + "/report"), 404);
        // Done: nothing to resume.
        BatchClient.assertProblem(http.post(BatchClient.BATCHES + "/" + id + "/resume"), 409);

        JsonNode list = http.get(BatchClient.BATCHES).json();
        assertThat(list.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        list.forEach(j -> ids.add(j.get("id").stringValue()));
        assertThat(ids).contains(id);
    }

    @Test
    void csvByTheFormatFieldGivesTheSameDeterminations() {
        HouseholdGenerator g = Caseloads.generator2019(0);
        int n = 60;
        // A name that says nothing: the format field decides.
        String id = submitted(http.submit("export-from-register.txt", Caseloads.write(g, n, true),
                Map.of("format", "CSV", "asOf", "2019-10-01")));
        JsonNode job = http.await(id, WAIT);
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("format").stringValue()).isEqualTo("CSV");
        assertThat(job.get("progress").get("written").asLong()).isEqualTo(n);
        assertThat(job.get("progress").get("errors").asLong()).isZero();
        Caseloads.assertSameLines(lines(http.get(BatchClient.BATCHES + "/" + id + "/results")),
                Caseloads.singleEvaluations(rules, g, n, Caseloads.AS_OF));
        assertThat(http.get(BatchClient.BATCHES + "/" + id + "/errors").bytes()).isEmpty();
    }

    @Test
    void comparisonWithABaselineDateGivesADiffAndAChineseReport() {
        // On 2021-12-01 the standards rose (urban 610 → 630, rural 410 → 440): compare with the day before.
        LocalDate asOf = LocalDate.of(2021, 12, 1);
        HouseholdGenerator g = new HouseholdGenerator(3, asOf, new BigDecimal("630"), new BigDecimal("440"), 0);
        int n = 200;
        String id = submitted(http.submit("caseload.jsonl", Caseloads.write(g, n, false),
                Map.of("asOf", "2021-12-01", "baselineAsOf", "2021-11-30")));
        JsonNode job = http.await(id, WAIT);
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("baselineAsOf").stringValue()).isEqualTo("2021-11-30");
        assertThat(job.get("ruleset").get("baselineVersion").stringValue()).isEqualTo(rules.version());
        long changed = job.get("progress").get("changed").asLong();
        assertThat(changed).isPositive();

        // A household is validated at both dates: one whose member is 60 on asOf is 59 the day before, when the
        // contract requires a labour capacity the generator left out. Those are refused, and said so, not lost.
        java.util.Set<Long> refused = new java.util.TreeSet<>();
        lines(http.get(BatchClient.BATCHES + "/" + id + "/errors"))
                .forEach(e -> refused.add(Json.MAPPER.readTree(e).get("line").asLong()));
        JsonNode p = job.get("progress");
        assertThat(p.get("errors").asLong()).isEqualTo(refused.size());
        assertThat(p.get("linesRead").asLong()).isEqualTo(n).isEqualTo(p.get("written").asLong() + refused.size());
        List<String> results = lines(http.get(BatchClient.BATCHES + "/" + id + "/results"));
        Caseloads.assertSameLines(results, Caseloads.singleEvaluations(rules, g, n, asOf, refused));

        BatchClient.Response diff = http.get(BatchClient.BATCHES + "/" + id + "/diff");
        assertThat(diff.status()).isEqualTo(200);
        List<JsonNode> diffs = lines(diff).stream().map(Json.MAPPER::readTree).toList();
        assertThat(diffs).hasSize((int) changed);
        diffs.forEach(d -> {
            assertThat(d.get("householdId").stringValue()).isNotBlank();
            assertThat(d.get("asOf").get("before").stringValue()).isEqualTo("2021-11-30");
            assertThat(d.get("asOf").get("after").stringValue()).isEqualTo("2021-12-01");
        });

        BatchClient.Response report = http.get(BatchClient.BATCHES + "/" + id + "/report");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.contentType()).startsWith("text/html");
        assertThat(report.text()).contains("政策调整影响测算报告", "一、总体情况", "二、分待遇项目", "三、分县区", "<svg");
    }

    @Test
    void comparisonWithConfiguredBaselineRules() {
        HouseholdGenerator g = Caseloads.generator2019(0);
        int n = 100;
        String id = submitted(http.submit("caseload.jsonl", Caseloads.write(g, n, false),
                Map.of("asOf", "2019-10-01", "baselineRules", "rural380")));
        JsonNode job = http.await(id, WAIT);
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("baselineRules").stringValue()).isEqualTo("rural380");
        String baseVersion = job.get("ruleset").get("baselineVersion").stringValue();
        assertThat(baseVersion).isNotBlank().isNotEqualTo(rules.version());
        List<JsonNode> diffs = lines(http.get(BatchClient.BATCHES + "/" + id + "/diff")).stream()
                .map(Json.MAPPER::readTree).toList();
        assertThat(diffs).isNotEmpty();
        assertThat(diffs).allSatisfy(d -> {
            assertThat(d.get("ruleset").get("before").stringValue()).isEqualTo(baseVersion);
            assertThat(d.get("ruleset").get("after").stringValue()).isEqualTo(rules.version());
        });
        assertThat(http.get(BatchClient.BATCHES + "/" + id + "/report").text()).contains("六、两套规则的差异", "dibao.yaml");
    }

    @Test
    void aFileTheEngineCannotReadFailsWithItsMessageAndIsNotDownloadable() {
        // A CSV header that is not the layout: the engine refuses the whole file before the first household.
        String id = submitted(http.submit("caseload.csv",
                "householdId,memberId,shoeSize\nh1,m1,42\n".getBytes(StandardCharsets.UTF_8), Map.of()));
        JsonNode job = http.await(id, WAIT);
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.get("message").stringValue()).contains("shoeSize");
        assertThat(job.get("links").has("resume")).isTrue();
        BatchClient.assertProblem(http.get(BatchClient.BATCHES + "/" + id + "/results"), 409);
        BatchClient.assertProblem(http.get(BatchClient.BATCHES + "/" + id + "/errors"), 409);
    }

    @Test
    void clientMistakesAreProblemsNever500() {
        byte[] one = Caseloads.write(Caseloads.generator2019(0), 1, false);
        // No file part at all.
        assertThat(BatchClient.assertProblem(http.submit(Map.of("asOf", "2019-10-01"), null), 400)).contains("file");
        // An empty file.
        assertThat(BatchClient.assertProblem(http.submit("caseload.jsonl", new byte[0], Map.of()), 400))
                .contains("file");
        // An unknown format, by field and by name.
        assertThat(BatchClient.assertProblem(http.submit("caseload.jsonl", one, Map.of("format", "xml")), 400))
                .contains("format");
        assertThat(BatchClient.assertProblem(http.submit("caseload.xlsx", one, Map.of()), 400)).contains("format");
        // Bad dates, all reported at once.
        assertThat(BatchClient.assertProblem(http.submit("caseload.jsonl", one,
                Map.of("asOf", "2019-13-01", "baselineAsOf", "yesterday")), 400))
                .containsExactlyInAnyOrder("asOf", "baselineAsOf");
        // A baseline that is not configured (a path is no name either).
        assertThat(BatchClient.assertProblem(http.submit("caseload.jsonl", one,
                Map.of("baselineRules", "../rules")), 400)).contains("baselineRules");
        // Not a form.
        BatchClient.assertProblem(http.post(BatchClient.BATCHES, "application/json", "{}"), 415);
        // A form cut off in the middle.
        BatchClient.assertProblem(http.post(BatchClient.BATCHES, "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{}"), 400);
        // Larger than the limit (1 MB in this test).
        byte[] big = new byte[1_300_000];
        Arrays.fill(big, (byte) '\n');
        assertThat(BatchClient.assertProblem(http.submit("caseload.jsonl", big, Map.of()), 413)).contains("file");

        // Unknown jobs, whatever is asked of them.
        for (String path : List.of("/nope", "/20190101-000000-00000000", "/nope/results", "/nope/errors", "/nope/diff",
                "/nope/report")) {
            BatchClient.assertProblem(http.get(BatchClient.BATCHES + path), 404);
        }
        BatchClient.assertProblem(http.post(BatchClient.BATCHES + "/20190101-000000-00000000/resume"), 404);
    }

    @Test
    void theOpenApiDocumentDescribesTheBatchEndpoints() {
        String doc = http.get("/v3/api-docs").text();
        assertThat(doc).contains("\"/api/v1/batches\"", "\"/api/v1/batches/{id}\"", "\"/api/v1/batches/{id}/resume\"",
                "\"/api/v1/batches/{id}/results\"", "\"/api/v1/batches/{id}/errors\"", "\"/api/v1/batches/{id}/diff\"",
                "\"/api/v1/batches/{id}/report\"", "multipart/form-data", "baselineRules");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Issue 8, finding 13: a JSON Lines file uploaded as x.csv made the engine quote its "header" — the whole first
     * household — and that went into the log, job.json and the listing. They carry names and counts only.
     */
    @Test
    void aHouseholdReadAsACsvHeaderLeavesNoPersonalValuesInTheLogJobFileOrListing(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        String household = cn.pzh.eligibility.input.Json.MAPPER.readTree(
                java.nio.file.Files.readString(Path.of("../../shared/spec/household.example.json"))).toString();
        JsonNode example = cn.pzh.eligibility.input.Json.MAPPER.readTree(household);
        String birthDate = example.get("members").get(0).get("birthDate").stringValue();
        String id = example.get("householdId").stringValue();
        String upload = household + "\n" + household + "\n";
        String jobId = submitted(http.submit("x.csv", upload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("asOf", "2019-10-01")));
        JsonNode job = http.await(jobId, WAIT);
        assertThat(job.get("state").stringValue()).isEqualTo("FAILED");
        String jobFile = java.nio.file.Files.readString(temp.resolve("jobs").resolve(jobId).resolve("job.json"));
        String listing = http.get(BatchClient.BATCHES).text();
        for (String where : new String[] {job.toString(), jobFile, listing, output.getAll()}) {
            assertThat(where).doesNotContain(birthDate).doesNotContain(id);
        }
        assertThat(job.get("message").stringValue()).isNotBlank().hasSizeLessThan(1000);
    }

    /** Issue 8, finding 4: 100,000 header columns made a 3.2 MB job message, job.json and listing. */
    @Test
    void aHugeHeaderGivesAShortMessage() throws Exception {
        StringBuilder header = new StringBuilder("householdId,memberId");
        for (int i = 0; i < 100_000; i++) {
            header.append(",c").append(i);
        }
        String jobId = submitted(http.submit("wide.csv", (header + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("asOf", "2019-10-01")));
        JsonNode job = http.await(jobId, WAIT);
        assertThat(job.get("state").stringValue()).isEqualTo("FAILED");
        assertThat(job.get("message").stringValue()).hasSizeLessThan(1000);
        assertThat(java.nio.file.Files.size(temp.resolve("jobs").resolve(jobId).resolve("job.json"))).isLessThan(10_000);
    }
}
