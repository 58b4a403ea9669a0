package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.Paths;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every household is accounted for, whatever the number of workers and whatever fails inside the rules. */
class BatchOutcomesTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        BatchExpectationsTest.load();
    }

    @Test
    void theNumberOfWorkersChangesNothingInTheOutputs() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 90, false, 0.05);
        byte[] out = null;
        byte[] errors = null;
        for (int threads : new int[] {1, 2, 3, 5}) {
            Path o = dir.resolve("out" + threads + ".jsonl");
            BatchSummary s = BatchRunner.run(BatchOptions.builder(in, o, BatchRunnerTest.rules, BatchRunnerTest.AS_OF)
                    .threads(threads).chunkSize(7).build(), null);
            assertThat(s.households()).isEqualTo(90);
            assertThat(s.written() + s.errors()).isEqualTo(90);
            if (out == null) {
                out = Files.readAllBytes(o);
                errors = Files.readAllBytes(s.errorsFile());
            }
            assertThat(Files.readAllBytes(o)).as("%d threads", threads).isEqualTo(out);
            assertThat(Files.readAllBytes(s.errorsFile())).as("%d threads", threads).isEqualTo(errors);
        }
    }

    @Test
    void aHouseholdTheRulesFailOnIsAnErrorOfItsLineAndTheRunGoesOn() throws IOException {
        // a rule that asks for a parameter that does not exist: the example household reaches it (BatchSessionTest)
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Path drl = rules.resolve("pension.drl");
        Files.writeString(drl, Files.readString(drl)
                .replace("$c.amount(\"pension.minimum_tier\")", "$c.amount(\"pension.minimum_teir\")"));
        Ruleset broken = Ruleset.load(rules);
        Path in = Files.write(dir.resolve("in.jsonl"), List.of(BatchExpectationsTest.variant("A", "3600"),
                "{\"householdId\": \"B\"}", BatchExpectationsTest.variant("C", "3600")));
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, dir.resolve("out.jsonl"), broken,
                BatchRunnerTest.AS_OF).build(), null);
        assertThat(s.households()).isEqualTo(3);
        assertThat(s.written()).isZero();
        assertThat(s.errors()).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEmpty();
        List<JsonNode> errs = Files.readAllLines(s.errorsFile()).stream().map(Json.MAPPER::readTree).toList();
        assertThat(errs).extracting(e -> e.get("line").asLong() + " " + e.get("householdId").stringValue() + " "
                + e.get("path").stringValue()).containsExactly("1 A $", "2 B county", "2 B residence",
                        "2 B povertyStatus", "2 B members", "3 C $");
        assertThat(errs.get(0).get("messageZh").stringValue()).isEqualTo("规则执行出错");
        assertThat(errs.get(0).get("message").stringValue()).startsWith("household A: a rule failed")
                .contains("pension.minimum_teir");
    }
}
