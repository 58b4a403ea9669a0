package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.generate.GenerateCommand;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BatchRunnerTest {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);
    static Ruleset rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        rules = Ruleset.load(Path.of("../rules"));
    }

    static HouseholdGenerator generator(double bad) {
        return new HouseholdGenerator(11, AS_OF, new BigDecimal("610"), new BigDecimal("410"), bad);
    }

    static Path generate(Path file, int n, boolean csv, double bad) throws IOException {
        StringWriter w = new StringWriter();
        GenerateCommand.write(generator(bad), n, csv, w);
        Files.writeString(file, w.toString(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void batchEqualsSingleEvaluationsInInputOrder() throws IOException {
        Path in = generate(dir.resolve("hh.jsonl"), 700, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).threads(2).chunkSize(37).build(),
                null);
        List<String> input = Files.readAllLines(in);
        List<String> output = Files.readAllLines(out);
        assertThat(s.households()).isEqualTo(700);
        assertThat(s.written()).isEqualTo(700);
        assertThat(s.errors()).isZero();
        assertThat(output).hasSize(700);
        for (int i = 0; i < input.size(); i++) {
            String single = Json.MAPPER.writeValueAsString(rules.evaluate(HouseholdReader.parse(input.get(i)), AS_OF));
            assertThat(output.get(i)).as("line %d", i + 1).isEqualTo(single);
        }
    }

    @Test
    void generatedCaseloadCoversEveryEntitlementAndAdvisory() throws IOException {
        Path in = generate(dir.resolve("hh.jsonl"), 300, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).build(), null);
        Set<String> seen = new TreeSet<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode d = Json.MAPPER.readTree(line);
            d.get("entitlements").forEach(e -> seen.add(e.get("code").stringValue()));
            d.get("advisories").forEach(e -> seen.add(e.get("code").stringValue()));
        }
        Set<String> all = new TreeSet<>(rules.codes().entitlements().keySet());
        all.addAll(rules.codes().advisories().keySet());
        assertThat(seen).containsAll(all);
    }

    @Test
    void csvLayoutGivesTheSameDeterminationsAsJsonLines() throws IOException {
        Path json = generate(dir.resolve("hh.jsonl"), 400, false, 0);
        Path csv = generate(dir.resolve("hh.csv"), 400, true, 0);
        Path outJ = dir.resolve("j.jsonl");
        Path outC = dir.resolve("c.jsonl");
        BatchRunner.run(BatchOptions.builder(json, outJ, rules, AS_OF).build(), null);
        BatchSummary s = BatchRunner.run(BatchOptions.builder(csv, outC, rules, AS_OF).build(), null);
        assertThat(s.errors()).isZero();
        assertThat(s.households()).isEqualTo(400);
        assertThat(Files.readAllBytes(outC)).isEqualTo(Files.readAllBytes(outJ));
    }

    @Test
    void badLineInTheMiddleIsReportedAndNothingElseIsLost() throws IOException {
        Path good = generate(dir.resolve("good.jsonl"), 200, false, 0);
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        lines.set(100, "{\"householdId\": \"BAD-101\", \"county\": \"仁和区\", \"members\": [");   // line 101: cut off
        JsonNode h = Json.MAPPER.readTree(lines.get(150));                                      // line 151: grade 7
        ((tools.jackson.databind.node.ObjectNode) h.get("members").get(0)).putObject("disability")
                .put("certificate", "SECOND_GEN").put("grade", 7).put("category", "PHYSICAL");
        lines.set(150, Json.MAPPER.writeValueAsString(h));
        Path in = dir.resolve("in.jsonl");
        Files.write(in, lines);
        Path out = dir.resolve("out.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).errors(errors).chunkSize(16)
                .build(), null);
        assertThat(s.households()).isEqualTo(200);
        assertThat(s.written()).isEqualTo(198);
        assertThat(s.errors()).isEqualTo(2);
        assertThat(s.written() + s.errors()).isEqualTo(s.households());
        List<JsonNode> errs = Files.readAllLines(errors).stream().map(Json.MAPPER::readTree).toList();
        assertThat(errs).hasSize(2);
        assertThat(errs.get(0).get("line").asLong()).isEqualTo(101);
        assertThat(errs.get(0).get("householdId").stringValue()).isEqualTo("BAD-101");
        assertThat(errs.get(0).get("path").stringValue()).isEqualTo("$");
        assertThat(errs.get(1).get("line").asLong()).isEqualTo(151);
        assertThat(errs.get(1).get("householdId").stringValue()).isEqualTo(h.get("householdId").stringValue());
        assertThat(errs.get(1).get("path").stringValue()).isEqualTo("members[0].disability.grade");
        List<String> output = Files.readAllLines(out);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (i != 100 && i != 150) {
                expected.add(Json.MAPPER.writeValueAsString(rules.evaluate(HouseholdReader.parse(lines.get(i)), AS_OF)));
            }
        }
        assertThat(output).isEqualTo(expected);
    }

    @Test
    void csvErrorsNameTheRowAndColumn() throws IOException {
        CsvLayout layout = CsvLayout.standard(1, 1);
        String header = layout.headerLine();
        List<String> rows = new ArrayList<>();
        rows.add(header);
        JsonNode a = Json.MAPPER.readTree("{\"householdId\":\"H1\",\"county\":\"东区\",\"residence\":\"URBAN\","
                + "\"povertyStatus\":\"NONE\",\"members\":[{\"memberId\":\"m1\",\"birthDate\":\"1950-01-01\"},"
                + "{\"memberId\":\"m2\",\"birthDate\":\"1952-01-01\"}]}");
        rows.addAll(layout.rows(a));
        // second member's row: a boolean column holding something else, and a county that disagrees with row 1
        String bad = rows.get(2).replace("东区", "西区");
        int col = layout.columns().indexOf("employed");
        String[] cells = bad.split(",", -1);
        cells[col] = "yes";
        rows.set(2, String.join(",", cells));
        Path in = dir.resolve("in.csv");
        Files.write(in, rows);
        Path out = dir.resolve("out.jsonl");
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).build(), null);
        assertThat(s.households()).isEqualTo(1);
        assertThat(s.errors()).isEqualTo(1);
        List<JsonNode> errs = Files.readAllLines(s.errorsFile()).stream().map(Json.MAPPER::readTree).toList();
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.get("path").stringValue()).isEqualTo("members[1].employed");
            assertThat(e.get("column").stringValue()).isEqualTo("employed");
            assertThat(e.get("line").asLong()).isEqualTo(3);
        });
        assertThat(errs).anySatisfy(e -> assertThat(e.get("path").stringValue()).isEqualTo("county"));
    }

    @Test
    @Tag("child-jvm") // the killed runs are child JVMs, which mutation testing cannot reach (engine/pom.xml, pit)
    void resumeAfterAKillGivesTheSameBytesAsAnUninterruptedRun() throws Exception {
        Path in = generate(dir.resolve("hh.jsonl"), 1500, false, 0.01);
        Path reference = dir.resolve("reference.jsonl");
        BatchRunner.run(BatchOptions.builder(in, reference, rules, AS_OF).build(), null);

        Path out = dir.resolve("out.jsonl");
        Path checkpoint = out.resolveSibling("out.jsonl.checkpoint");
        List<Long> killedAt = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "cn.pzh.eligibility.cli.Main", "batch",
                    "--in", in.toString(), "--out", out.toString(), "--rules", "../rules", "--as-of", AS_OF.toString(),
                    "--chunk", "16", "--checkpoint-every", "0", "--threads", "2"));
            if (attempt > 0) {
                cmd.add("--resume");
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child" + attempt + ".log").toFile()).start();
            long before = attempt == 0 ? 0 : killedAt.get(attempt - 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long done = -1;
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.exists(checkpoint)) {
                    try {
                        Checkpoint cp = Checkpoint.read(checkpoint);
                        if (!cp.complete && cp.households > before + 100) {
                            done = cp.households;
                            break;
                        }
                    } catch (RuntimeException e) {
                        // read while being replaced: try again
                    }
                }
                Thread.sleep(5);
            }
            p.destroyForcibly().waitFor();
            assertThat(done).as("the child was killed in the middle of the run").isPositive();
            Checkpoint cp = Checkpoint.read(checkpoint);
            assertThat(cp.complete).isFalse();
            assertThat(cp.households).isLessThan(1500);
            killedAt.add(cp.households);
        }
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).resume(true).build(), null);
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(1500);
        assertThat(s.written() + s.errors()).isEqualTo(1500);
        assertThat(s.errors()).isEqualTo(15);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
        assertThat(Files.readAllBytes(dir.resolve("out.jsonl.errors.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("reference.jsonl.errors.jsonl")));
    }
}
