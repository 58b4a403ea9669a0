package cn.pzh.eligibility.service.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.batch.BatchException;
import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.batch.BatchRunner;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.EligibilityServiceApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Jobs survive the service: a crash (job.json left RUNNING, the outputs ahead of the checkpoint) and an orderly stop
 * in the middle of a run both leave the job INTERRUPTED at the next start, and resume finishes it with the same
 * bytes as a run that was never interrupted. Each service here is a real application on its own port and jobs dir.
 */
class BatchRestartTest {

    static final Duration WAIT = Duration.ofSeconds(120);
    static Ruleset rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        rules = Ruleset.load(Path.of("../rules"));
    }

    /** Small chunks and a checkpoint after each: a stop lands in the middle of even a small caseload. */
    static ConfigurableApplicationContext start(Path jobs) {
        return new SpringApplicationBuilder(EligibilityServiceApplication.class).run("--server.port=0",
                "--rules.dir=../rules", "--batches.dir=" + jobs, "--batches.chunk-size=8",
                "--batches.checkpoint-interval=0s", "--batches.threads=1", "--spring.main.banner-mode=off");
    }

    static BatchClient client(ConfigurableApplicationContext ctx) {
        return new BatchClient(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")));
    }

    /** The outputs of an uninterrupted run of the engine on the same input. */
    Path reference(Path input) {
        Path ref = dir.resolve("reference");
        try {
            Files.createDirectories(ref);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        BatchRunner.run(BatchOptions.builder(input, ref.resolve("results.jsonl"), rules, Caseloads.AS_OF)
                .errors(ref.resolve("errors.jsonl")).build(), null);
        return ref;
    }

    static void assertSameFiles(Path actual, Path expected) throws IOException {
        Caseloads.assertSameLines(Files.readAllLines(actual), Files.readAllLines(expected));
        assertThat(Files.readAllBytes(actual)).isEqualTo(Files.readAllBytes(expected));
    }

    static JobFile running(String id, String rulesetVersion) {
        JobFile j = new JobFile();
        j.id = id;
        j.state = JobState.RUNNING;
        j.fileName = "caseload.jsonl";
        j.inputFormat = "JSONL";
        j.asOf = Caseloads.AS_OF;
        j.rulesetVersion = rulesetVersion;
        j.submittedAt = Instant.now();
        j.startedAt = Instant.now();
        j.runs = 1;
        return j;
    }

    @Test
    void aJobLeftRunningByACrashIsInterruptedAndResumesToTheSameOutput() throws IOException {
        Path jobs = dir.resolve("jobs");
        JobStore store = new JobStore(jobs);
        int n = 600;
        HouseholdGenerator g = Caseloads.generator2019(0.01);

        // What a crash leaves: the engine stopped after some 200 households with its checkpoint, output written past
        // the checkpoint (half a line), and job.json still saying RUNNING.
        String id = "20190930-235900-0000c0de";
        JobFile crashed = running(id, rules.version());
        Files.createDirectories(store.dir(id));
        Path input = store.input(crashed);
        Files.write(input, Caseloads.write(g, n, false));
        Path results = store.file(id, JobStore.RESULTS);
        try {
            BatchRunner.run(BatchOptions.builder(input, results, rules, Caseloads.AS_OF)
                    .errors(store.file(id, JobStore.ERRORS)).chunkSize(8).threads(1).checkpointInterval(Duration.ZERO)
                    .build(), p -> {
                        if (p.households() >= 200) {
                            throw new IllegalStateException("power cut");
                        }
                    });
            throw new AssertionError("the run should have been cut off");
        } catch (BatchException expected) {
            // the checkpoint stands at about 200 households
        }
        Files.writeString(results, "{\"householdId\":\"510402-2019-00", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        store.save(crashed);

        // And one that ran under rules the service no longer serves.
        String other = "20190930-235901-0000beef";
        JobFile otherRules = running(other, "0000000000000000");
        Files.createDirectories(store.dir(other));
        Files.copy(input, store.input(otherRules));
        store.save(otherRules);

        Path reference = reference(input);
        try (ConfigurableApplicationContext ctx = start(jobs)) {
            BatchClient http = client(ctx);
            JsonNode job = http.get(BatchClient.BATCHES + "/" + id).json();
            assertThat(job.get("state").stringValue()).isEqualTo("INTERRUPTED");
            assertThat(job.get("message").stringValue()).contains("resume");
            assertThat(job.get("links").get("resume").stringValue()).isEqualTo(BatchClient.BATCHES + "/" + id + "/resume");
            long before = job.get("progress").get("householdsRead").asLong();
            assertThat(before).isBetween(200L, (long) n - 1);
            assertThat(Json.MAPPER.readTree(Files.readAllBytes(store.dir(id).resolve(JobStore.JOB))).get("state")
                    .stringValue()).isEqualTo("INTERRUPTED");
            // Not done: nothing to download yet.
            BatchClient.assertProblem(http.get(BatchClient.BATCHES + "/" + id + "/results"), 409);

            BatchClient.Response refused = http.post(BatchClient.BATCHES + "/" + other + "/resume");
            BatchClient.assertProblem(refused, 409);
            assertThat(refused.json().get("detail").stringValue()).contains("0000000000000000", rules.version());
            assertThat(http.get(BatchClient.BATCHES + "/" + other).json().get("state").stringValue())
                    .isEqualTo("INTERRUPTED");

            BatchClient.Response resumed = http.post(BatchClient.BATCHES + "/" + id + "/resume");
            assertThat(resumed.status()).as(resumed.text()).isEqualTo(202);
            job = http.await(id, WAIT);
            assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
            assertThat(job.get("runs").asInt()).isEqualTo(2);
            JsonNode p = job.get("progress");
            assertThat(p.get("linesRead").asLong()).isEqualTo(n)
                    .isEqualTo(p.get("written").asLong() + p.get("errors").asLong());
            assertThat(p.get("errors").asLong()).isEqualTo(6);

            assertThat(http.get(BatchClient.BATCHES + "/" + id + "/results").bytes())
                    .isEqualTo(Files.readAllBytes(reference.resolve("results.jsonl")));
            assertThat(http.get(BatchClient.BATCHES + "/" + id + "/errors").bytes())
                    .isEqualTo(Files.readAllBytes(reference.resolve("errors.jsonl")));
            assertSameFiles(results, reference.resolve("results.jsonl"));
        }
    }

    @Test
    void stoppingTheServiceMidRunInterruptsTheJobAndResumeFinishesIt() throws IOException {
        Path jobs = dir.resolve("jobs");
        int n = 3000;
        HouseholdGenerator g = Caseloads.generator2019(0.005);
        // Three lines are the shared example household, whose determination is worked out by hand (POLICY.md; the
        // same figures as DeterminationApiTest): the first line, one in the middle, the last.
        List<String> input = new ArrayList<>(new String(Caseloads.write(g, n, false), StandardCharsets.UTF_8).lines().toList());
        String example = Json.MAPPER.readTree(Files.readString(Path.of("../../shared/spec/household.example.json"))).toString();
        for (int at : HAND_WORKED) {
            input.set(at, example);
        }
        byte[] caseload = (String.join("\n", input) + "\n").getBytes(StandardCharsets.UTF_8);
        String id;
        try (ConfigurableApplicationContext ctx = start(jobs)) {
            BatchClient http = client(ctx);
            BatchClient.Response r = http.submit("caseload.jsonl", caseload, Map.of("asOf", "2019-10-01"));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            id = r.json().get("id").stringValue();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                JsonNode job = http.get(BatchClient.BATCHES + "/" + id).json();
                assertThat(job.get("state").stringValue()).as("stopped before it finished").isIn("QUEUED", "RUNNING");
                if (job.get("progress").get("householdsRead").asLong() >= 50) {
                    break;
                }
                assertThat(System.nanoTime()).isLessThan(deadline);
                BatchClient.sleep(5);
            }
        }
        JobStore store = new JobStore(jobs);
        JsonNode onDisk = Json.MAPPER.readTree(Files.readAllBytes(store.dir(id).resolve(JobStore.JOB)));
        assertThat(onDisk.get("state").stringValue()).as(onDisk.toString()).isEqualTo("INTERRUPTED");
        assertThat(onDisk.get("progress").get("householdsRead").asLong()).isLessThan(n);

        Path reference = reference(store.dir(id).resolve("input.jsonl"));
        try (ConfigurableApplicationContext ctx = start(jobs)) {
            BatchClient http = client(ctx);
            JsonNode job = http.get(BatchClient.BATCHES + "/" + id).json();
            assertThat(job.get("state").stringValue()).isEqualTo("INTERRUPTED");
            assertThat(job.get("ruleset").get("version").stringValue()).isEqualTo(rules.version());
            assertThat(http.post(BatchClient.BATCHES + "/" + id + "/resume").status()).isEqualTo(202);
            job = http.await(id, WAIT);
            assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
            JsonNode p = job.get("progress");
            assertThat(p.get("linesRead").asLong()).isEqualTo(n)
                    .isEqualTo(p.get("written").asLong() + p.get("errors").asLong());
            assertThat(http.get(BatchClient.BATCHES + "/" + id + "/results").bytes())
                    .isEqualTo(Files.readAllBytes(reference.resolve("results.jsonl")));
            assertThat(http.get(BatchClient.BATCHES + "/" + id + "/errors").bytes())
                    .isEqualTo(Files.readAllBytes(reference.resolve("errors.jsonl")));
            assertEveryLineAccountedFor(input, http.get(BatchClient.BATCHES + "/" + id + "/results").text(),
                    http.get(BatchClient.BATCHES + "/" + id + "/errors").text());
        }
    }

    static final int[] HAND_WORKED = {0, 1499, 2999};

    /**
     * Lines in = determinations out + refused lines, each input line exactly once and in order (a run that skipped a
     * line while counting it written passed the byte comparison with the engine, which skipped it too), and the
     * hand-worked households carry their hand-worked amounts.
     */
    static void assertEveryLineAccountedFor(List<String> input, String results, String errors) {
        java.util.Set<Long> refused = new java.util.TreeSet<>();
        for (String e : errors.lines().toList()) {
            refused.add(Json.MAPPER.readTree(e).get("line").asLong());
        }
        List<JsonNode> out = results.lines().map(l -> Json.MAPPER.readTree(l)).toList();
        assertThat((long) out.size() + refused.size()).as("lines in = determinations + refused lines")
                .isEqualTo(input.size());
        List<String> expectedIds = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            if (!refused.contains((long) i + 1)) {
                expectedIds.add(Json.MAPPER.readTree(input.get(i)).get("householdId").stringValue());
            }
        }
        assertThat(out.stream().map(d -> d.get("householdId").stringValue()).toList()).isEqualTo(expectedIds);
        int handWorked = 0;
        for (int at : HAND_WORKED) {
            assertThat(refused).doesNotContain((long) at + 1);
            int index = at;
            for (long r : refused) {
                index -= r <= at ? 1 : 0;
            }
            JsonNode d = out.get(index);
            assertThat(d.get("householdId").stringValue()).isEqualTo("510411-2019-000123");
            // 410 × 3 − 3,600 ÷ 12 = 930 a month of 低保兜底; with the supplements, subsidies and nursing: 1,316 a
            // month, 1,100 a year (pension contribution and boarding), 2,520 once (medical assistance).
            assertThat(d.get("totals").get("monthly").decimalValue()).isEqualByComparingTo("1316.00");
            assertThat(d.get("totals").get("annual").decimalValue()).isEqualByComparingTo("1100.00");
            assertThat(d.get("totals").get("oneOff").decimalValue()).isEqualByComparingTo("2520.00");
            boolean fallback = false;
            for (JsonNode e : d.get("entitlements")) {
                if (e.get("code").stringValue().equals("DIBAO_FALLBACK")) {
                    assertThat(e.get("amount").decimalValue()).isEqualByComparingTo("930.00");
                    fallback = true;
                }
            }
            assertThat(fallback).isTrue();
            handWorked++;
        }
        assertThat(handWorked).isEqualTo(HAND_WORKED.length);
    }
}
