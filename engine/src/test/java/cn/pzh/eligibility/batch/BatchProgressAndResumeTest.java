package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller of the library sees of a run that goes on after an interruption: the progress it is told (rates
 * over this session only, time left from the bytes left at the rate so far), the summary, which resumes are refused
 * and why, and an input cut short under a running batch. An interruption is a listener that throws, as a kill
 * would stop the run after a checkpoint.
 */
class BatchProgressAndResumeTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        BatchRunnerTest.load();
    }

    private BatchOptions.Builder options(Path in, Path out) {
        return BatchOptions.builder(in, out, BatchRunnerTest.rules, BatchRunnerTest.AS_OF).chunkSize(10).threads(2)
                .checkpointInterval(Duration.ZERO);
    }

    /** Runs until progress has passed {@code households}, and returns the last progress told before the stop. */
    private Progress interrupt(BatchOptions o, long households) {
        List<Progress> seen = new ArrayList<>();
        assertThatThrownBy(() -> BatchRunner.run(o, p -> {
            seen.add(p);
            if (p.households() >= households) {
                throw new IllegalStateException("stopped");
            }
        })).isInstanceOf(BatchException.class).hasMessageContaining("the batch stopped").hasMessageContaining("--resume");
        return seen.get(seen.size() - 1);
    }

    /**
     * Time left = bytes left ÷ (bytes done in this session ÷ time so far); households per second = households done
     * in this session ÷ time so far. Both from the same instant as {@code elapsed}.
     */
    private static void assertRatesOverThisSession(Progress p, long householdsAtStart, long bytesAtStart) {
        double secs = p.elapsed().toNanos() / 1e9;
        assertThat(p.perSecond()).isCloseTo((p.households() - householdsAtStart) / secs, within(1e-6 * p.perSecond()));
        double leftMillis = (p.inputBytes() - p.inputBytesDone()) / ((p.inputBytesDone() - bytesAtStart) / secs) * 1000;
        assertThat((double) p.remaining().toMillis()).isCloseTo(leftMillis, within(1.0));
    }

    @Test
    void progressEstimatesTimeLeftFromTheBytesLeftAtTheRateSoFar() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 60, false, 0);
        List<Progress> seen = new ArrayList<>();
        BatchRunner.run(options(in, dir.resolve("out.jsonl")).build(), seen::add);
        assertThat(seen).hasSize(7); // six chunks of 10, then the end
        for (Progress p : seen.subList(0, 6)) {
            assertThat(p.finished()).isFalse();
            assertRatesOverThisSession(p, 0, 0);
        }
        assertThat(seen.get(2).inputBytesDone()).isLessThan(seen.get(3).inputBytesDone());
        assertThat(seen.get(5).remaining()).isEqualTo(Duration.ZERO); // the whole input is read: nothing left
        assertThat(seen.get(6).finished()).isTrue();
        assertThat(seen.get(6).remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aResumedRunCountsItsRateFromWhereItResumed() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 200, false, 0.02);
        Path reference = dir.resolve("reference.jsonl");
        BatchSummary whole = BatchRunner.run(options(in, reference).build(), null);
        Path out = dir.resolve("out.jsonl");
        Progress stop = interrupt(options(in, out).build(), 150);
        assertThat(stop.households()).isEqualTo(150);

        List<Progress> seen = new ArrayList<>();
        BatchSummary s = BatchRunner.run(options(in, out).resume(true).build(), seen::add);
        assertThat(seen).hasSize(6); // five chunks of 10 left, then the end
        assertThat(seen).extracting(Progress::households).containsExactly(160L, 170L, 180L, 190L, 200L, 200L);
        for (Progress p : seen.subList(0, 4)) {
            assertRatesOverThisSession(p, stop.households(), stop.inputBytesDone());
        }
        assertThat(seen.get(4).written() + seen.get(4).errors()).isEqualTo(200);
        // the summary covers the whole output, the rate only what this session did (50 households)
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(200);
        assertThat(s.linesRead()).isEqualTo(200);
        assertThat(s.written()).isEqualTo(whole.written());
        assertThat(s.errors()).isEqualTo(whole.errors()).isPositive();
        assertThat(s.errorEntries()).isEqualTo(whole.errorEntries());
        assertThat(s.written() + s.errors()).isEqualTo(200);
        double secs = s.elapsed().toNanos() / 1e9;
        assertThat(s.perSecond() * secs).isBetween(50 * 0.999, 50 * 2.0);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
        assertThat(Files.readAllBytes(dir.resolve("out.jsonl.errors.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("reference.jsonl.errors.jsonl")));
    }

    @Test
    void aResumeMustMatchTheRunItContinues() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 30, false, 0);
        Path out = dir.resolve("out.jsonl");
        Path diff = dir.resolve("diff.jsonl");
        var lower = BatchRunnerTest.rules.withParameterOverrides(Map.of("dibao.standard.rural", 440), "t");
        BatchRunner.run(options(in, out).baseline(lower).diff(diff).build(), null);
        String refused = "belongs to a run with other input, rules, dates or outputs";
        // the same comparison without its diff file
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).baseline(lower).resume(true).build(), null))
                .isInstanceOf(BatchException.class).hasMessageContaining(refused);
        // another baseline: other rules, or the same rules at another date
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).baseline(BatchRunnerTest.rules).diff(diff)
                .resume(true).build(), null)).isInstanceOf(BatchException.class).hasMessageContaining(refused);
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).baseline(lower).diff(diff)
                .baselineAsOf(BatchRunnerTest.AS_OF.minusMonths(1)).resume(true).build(), null))
                .isInstanceOf(BatchException.class).hasMessageContaining(refused);
        // other main rules
        assertThatThrownBy(() -> BatchRunner.run(BatchOptions.builder(in, out, lower, BatchRunnerTest.AS_OF)
                .baseline(lower).diff(diff).resume(true).build(), null))
                .isInstanceOf(BatchException.class).hasMessageContaining(refused);
        // the same file read as CSV
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).baseline(lower).diff(diff)
                .format(BatchOptions.Format.CSV).resume(true).build(), null))
                .isInstanceOf(BatchException.class).hasMessageContaining(refused);
        // and the run itself resumes
        assertThat(BatchRunner.run(options(in, out).baseline(lower).diff(diff).resume(true).build(), null).resumed())
                .isTrue();
    }

    @Test
    void anInputCutShorterIsRefusedOnResume() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 30, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchRunner.run(options(in, out).build(), null);
        byte[] all = Files.readAllBytes(in);
        Files.write(in, java.util.Arrays.copyOf(all, all.length - 1));
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).resume(true).build(), null))
                .isInstanceOf(BatchException.class).hasMessage("the input " + in + " changed since the interrupted run"
                        + " read it (its first " + all.length + " bytes, lines 1–30, are not what that run consumed):"
                        + " resuming would finish a file that matches neither input; start again without --resume"
                        + "（输入文件在中断后被修改过：断点之前已读取的 30 行与原来不同，续跑会得出与两份输入都不符的结果，请去掉 --resume 重新运行）");
    }

    @Test
    void anInputCutWhileTheBatchReadsItStopsTheRun() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 60, false, 0);
        Path out = dir.resolve("out.jsonl");
        // after the first chunk is written the input loses its tail; the next checkpoint re-reads what it consumed
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).build(), p -> {
            try {
                if (Files.size(in) > 100) {
                    Files.write(in, new byte[0]);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isInstanceOf(BatchException.class)
                .hasMessage("the input " + in + " became shorter while it was read（输入文件在读取时变短）");
    }

    @Test
    void aCsvRunInterruptedAndResumedWritesTheBytesOfAnUninterruptedRun() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.csv"), 120, true, 0.05);
        Path reference = dir.resolve("reference.jsonl");
        BatchSummary whole = BatchRunner.run(options(in, reference).build(), null);
        Path out = dir.resolve("out.jsonl");
        Progress stop = interrupt(options(in, out).build(), 60);
        assertThat(stop.households()).isEqualTo(60);
        BatchSummary s = BatchRunner.run(options(in, out).resume(true).build(), null);
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(120);
        assertThat(s.linesRead()).isEqualTo(whole.linesRead());
        assertThat(s.errors()).isEqualTo(whole.errors()).isPositive();
        assertThat(s.written() + s.errors()).isEqualTo(120);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
        assertThat(Files.readAllBytes(dir.resolve("out.jsonl.errors.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("reference.jsonl.errors.jsonl")));
    }

    @Test
    void aNewRunDiscardsTheCheckpointOfTheLastSoAResumeNeverAnswersForIt() throws IOException {
        // the first household lacks county, residence, povertyStatus and members: four errors, in the first chunk
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 29, false, 0);
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        lines.add(0, "{\"householdId\": \"BAD\"}");
        Files.write(in, lines);
        Path out = dir.resolve("out.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        BatchSummary first = BatchRunner.run(options(in, out).errors(errors).build(), null);
        assertThat(first.errors()).isEqualTo(1);
        assertThat(first.errorEntries()).isEqualTo(4);
        // the same run again, without --resume, on an errors file that cannot be written: it fails before its
        // first checkpoint
        Files.delete(errors);
        Files.createSymbolicLink(errors, Path.of("/dev/full"));
        assertThatThrownBy(() -> BatchRunner.run(options(in, out).errors(errors).build(), null))
                .isInstanceOf(WriteFailedException.class).hasMessageContaining("no checkpoint was written");
        Files.delete(errors);
        // --resume finds nothing to resume and runs the whole input: the errors file is complete again
        BatchSummary again = BatchRunner.run(options(in, out).errors(errors).resume(true).build(), null);
        assertThat(again.resumed()).isFalse();
        assertThat(Files.readAllLines(errors)).hasSize((int) first.errorEntries());
        assertThat(Files.readAllLines(out)).hasSize((int) first.written());
    }

    @Test
    void resumingAFinishedRunFromTheCommandLineLeavesNoCheckpoint() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 12, false, 0);
        Path out = dir.resolve("out.jsonl");
        BatchRunner.run(options(in, out).build(), null);
        assertThat(dir.resolve("out.jsonl.checkpoint")).exists();
        BatchSummary s = BatchRunner.run(options(in, out).resume(true).removeCheckpointWhenDone(true).build(), null);
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(12);
        assertThat(dir.resolve("out.jsonl.checkpoint")).doesNotExist();
    }
}
