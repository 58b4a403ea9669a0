package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BatchRunner's bookkeeping, which mutation testing found unchecked: what progress reports, what a resume of a
 * finished run answers, which changes a checkpoint's fingerprint refuses, and the counters a checkpoint holds.
 */
class BatchRunnerDetailsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        BatchRunnerTest.load();
    }

    private BatchOptions.Builder options(Path in, Path out) {
        return BatchOptions.builder(in, out, BatchRunnerTest.rules, BatchRunnerTest.AS_OF).chunkSize(10).threads(2);
    }

    @Test
    void progressCountsHouseholdsBytesAndFinishesAtTheEnd() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 95, false, 0.05);
        List<Progress> seen = new ArrayList<>();
        BatchSummary s = BatchRunner.run(options(in, dir.resolve("out.jsonl")).build(), seen::add);
        assertThat(seen).isNotEmpty();
        Progress last = seen.get(seen.size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.households()).isEqualTo(95);
        assertThat(last.written()).isEqualTo(s.written());
        assertThat(last.errors()).isEqualTo(s.errors());
        assertThat(last.written() + last.errors()).isEqualTo(95);
        assertThat(last.inputBytesDone()).isEqualTo(Files.size(in));
        assertThat(last.inputBytes()).isEqualTo(Files.size(in));
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(last.remaining()).isEqualTo(Duration.ZERO);
        for (int i = 0; i < seen.size() - 1; i++) {
            Progress p = seen.get(i);
            assertThat(p.finished()).isFalse();
            assertThat(p.households()).isEqualTo(Math.min(10L * (i + 1), 95));
            assertThat(p.inputBytesDone()).isLessThanOrEqualTo(Files.size(in)).isPositive();
            assertThat(p.fraction()).isBetween(0.0, 1.0);
            assertThat(p.perSecond()).isPositive();
            assertThat(p.remaining()).isNotNull();
            assertThat(p.remaining().isNegative()).isFalse();
        }
    }

    @Test
    void theCheckpointHoldsTheRunsCounters() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 40, false, 0.1);
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        lines.add(3, "");
        Files.write(in, lines);
        Path out = dir.resolve("out.jsonl");
        BatchSummary s = BatchRunner.run(options(in, out).build(), null);
        Checkpoint cp = Checkpoint.read(dir.resolve("out.jsonl.checkpoint"));
        assertThat(cp.complete).isTrue();
        assertThat(cp.linesRead).isEqualTo(41);
        assertThat(cp.blankLines).isEqualTo(1);
        assertThat(cp.households).isEqualTo(40);
        assertThat(cp.written).isEqualTo(s.written());
        assertThat(cp.errors).isEqualTo(s.errors()).isPositive();
        assertThat(cp.errorEntries).isGreaterThanOrEqualTo(cp.errors);
        assertThat(cp.inputOffset).isEqualTo(Files.size(in));
        assertThat(cp.linesBefore).isEqualTo(41);
        assertThat(cp.outputBytes).isEqualTo(Files.size(out));
        assertThat(cp.errorsBytes).isEqualTo(Files.size(s.errorsFile()));
        assertThat(cp.consumedHash).hasSize(64);
        assertThat(Files.readAllLines(s.errorsFile())).hasSize((int) cp.errorEntries);
        assertThat(s.linesRead()).isEqualTo(41);
        assertThat(s.blankLines()).isEqualTo(1);
    }

    @Test
    void resumingAFinishedRunAnswersItsSummaryWithoutRunningAgain() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 30, false, 0.1);
        Path out = dir.resolve("out.jsonl");
        BatchSummary first = BatchRunner.run(options(in, out).build(), null);
        byte[] bytes = Files.readAllBytes(out);
        List<Progress> seen = new ArrayList<>();
        BatchSummary again = BatchRunner.run(options(in, out).resume(true).build(), seen::add);
        assertThat(again.resumed()).isTrue();
        assertThat(again.households()).isEqualTo(first.households());
        assertThat(again.written()).isEqualTo(first.written());
        assertThat(again.errors()).isEqualTo(first.errors());
        assertThat(seen).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
        assertThat(first.resumed()).isFalse();
    }

    @Test
    void theCommandLineOptionRemovesTheCheckpointOfAFinishedRun() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 12, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchRunner.run(options(in, out).removeCheckpointWhenDone(true).build(), null);
        assertThat(dir.resolve("out.jsonl.checkpoint")).doesNotExist();
        BatchRunner.run(options(in, out).build(), null);
        assertThat(dir.resolve("out.jsonl.checkpoint")).exists();
    }

    @Test
    void aResumeWithAnotherDateModeOrOutputsIsRefused() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 30, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchRunner.run(options(in, out).build(), null);
        assertThatThrownBy(() -> BatchRunner.run(BatchOptions.builder(in, out, BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF.plusDays(1)).resume(true).build(), null))
                .isInstanceOf(BatchException.class).hasMessageContaining("other input, rules, dates");
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).resume(true).mode(BatchOptions.Mode.COPY).build(),
                null)).isInstanceOf(BatchException.class).hasMessageContaining("other input, rules, dates");
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).resume(true).baselineAsOf(BatchRunnerTest.AS_OF)
                .diff(dir.resolve("d.jsonl")).build(), null)).isInstanceOf(BatchException.class);
        Files.writeString(in, Files.readString(in) + "\n"); // longer: the size differs
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).resume(true).build(), null))
                .isInstanceOf(BatchException.class);
    }

    @Test
    void copyModeWritesTheHouseholdsBackAsRead() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 10, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchSummary s = BatchRunner.run(options(in, out).mode(BatchOptions.Mode.COPY).build(), null);
        assertThat(s.written()).isEqualTo(10);
        List<String> input = Files.readAllLines(in);
        List<String> output = Files.readAllLines(out);
        for (int i = 0; i < 10; i++) {
            assertThat(Json.MAPPER.readTree(output.get(i)).get("householdId"))
                    .isEqualTo(Json.MAPPER.readTree(input.get(i)).get("householdId"));
        }
    }

    @Test
    void aMissingInputIsRefused() {
        assertThatThrownBy(() -> BatchRunner.run(options(dir.resolve("none.jsonl"), dir.resolve("o.jsonl")).build(),
                null)).isInstanceOf(BatchException.class).hasMessageContaining("input file not found");
    }
}
