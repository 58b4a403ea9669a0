package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
 * What the library says when an output cannot be written (a symbolic link to {@code /dev/full}, where every write
 * fails with ENOSPC): which output, why, and how much is complete on disk, so that the user knows whether to run
 * again or to resume. Chunks of 16 with a checkpoint after each, so the point of failure is known: the outputs
 * are buffered and reach the disk at each checkpoint.
 */
class BatchWriteFailureTest {

    static final Path FULL = Path.of("/dev/full");
    static final String NO_SPACE = "No space left on device";

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        BatchRunnerTest.load();
    }

    /** {@code good} generated households, then {@code bad} households without county, residence, status or members. */
    private Path input(int good, int bad) throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), good, false, 0);
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        for (int i = 0; i < bad; i++) {
            lines.add("{\"householdId\": \"BAD-" + i + "\"}");
        }
        return Files.write(in, lines);
    }

    private BatchOptions.Builder options(Path in, Path out) {
        return BatchOptions.builder(in, out, BatchRunnerTest.rules, BatchRunnerTest.AS_OF).chunkSize(16).threads(2)
                .checkpointInterval(Duration.ZERO);
    }

    private static String failure(BatchOptions o) {
        WriteFailedException e = catchThrowableOfType(WriteFailedException.class, () -> BatchRunner.run(o, null));
        assertThat(e).as("the run fails on the write").isNotNull();
        return e.getMessage();
    }

    @Test
    void theDeterminationsOnAFullDiskBeforeAnyCheckpoint() throws IOException {
        Path in = input(40, 0);
        Path out = Files.createSymbolicLink(dir.resolve("out.jsonl"), FULL);
        assertThat(failure(options(in, out).build())).isEqualTo("error: could not write " + out + ": " + NO_SPACE
                + "; the outputs are incomplete and no checkpoint was written: run the command again once there is room"
                + "（写入文件失败：" + out + "；输出不完整，且尚未写出断点，腾出空间后请重新运行）");
    }

    @Test
    void theErrorsFileFillingAfterTwoCheckpointsSaysWhatIsCompleteAndResumeFinishesTheRun() throws IOException {
        // households 1–32 are valid, so the first two chunks (and their checkpoints) write nothing to the errors
        // file; chunk 3 holds the first bad household, and its checkpoint is where the errors file fails.
        Path in = input(32, 8);
        Path out = dir.resolve("out.jsonl");
        Path errors = Files.createSymbolicLink(dir.resolve("errors.jsonl"), FULL);
        assertThat(failure(options(in, out).errors(errors).build())).isEqualTo("error: could not write the errors file "
                + errors + ": " + NO_SPACE + "; the outputs are incomplete: the last checkpoint holds 32 households"
                + " (input lines 1–32) written completely; free some space and run the same command with --resume to go"
                + " on from there（写入文件失败：" + errors + "；输出不完整：最近的断点记录了已完整写出的 32 户（输入第 1–32 行），"
                + "腾出空间后加 --resume 从断点继续）");
        assertThat(Files.readAllLines(out)).as("what the checkpoint holds is on disk").hasSize(32);

        Files.delete(errors);
        Files.createFile(errors);
        BatchSummary s = BatchRunner.run(options(in, out).errors(errors).resume(true).build(), null);
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(40);
        assertThat(s.written()).isEqualTo(32);
        assertThat(s.errors()).isEqualTo(8);
        // each bad household lacks county, residence, povertyStatus and members: four entries each
        assertThat(s.errorEntries()).isEqualTo(32);
        assertThat(Files.readAllLines(out)).hasSize(32);
        assertThat(Files.readAllLines(errors)).hasSize(32).allSatisfy(l -> assertThat(l).contains("\"householdId\":\"BAD-"));
    }

    @Test
    void theDiffOnAFullDisk() throws IOException {
        Path in = input(40, 0);
        Path diff = Files.createSymbolicLink(dir.resolve("diff.jsonl"), FULL);
        // a baseline with the rural standard at 440 instead of 410: every rural household with the fallback changes
        String m = failure(options(in, dir.resolve("out.jsonl"))
                .baseline(BatchRunnerTest.rules.withParameterOverrides(java.util.Map.of("dibao.standard.rural", 440), "t"))
                .diff(diff).build());
        assertThat(m).startsWith("error: could not write the diff " + diff + ": " + NO_SPACE + "; ");
    }

    @Test
    void theReportOnAFullDiskKeepsTheCompleteRunAndResumeWritesOnlyTheReport() throws IOException {
        Path in = input(40, 2);
        Path out = dir.resolve("out.jsonl");
        Path report = Files.createSymbolicLink(dir.resolve("report.html"), FULL);
        assertThat(failure(options(in, out).baseline(BatchRunnerTest.rules).report(report).build()))
                .isEqualTo("error: could not write the report " + report + ": " + NO_SPACE + "; the determinations,"
                        + " errors and diff are complete (42 households); run the same command with --resume to write"
                        + " the report again（写入文件失败：" + report + "；核定结果、错误清单和差异文件已完整写出（42 户），可加 --resume"
                        + " 重新写出报告）");
        byte[] determinations = Files.readAllBytes(out);
        assertThat(Files.readAllLines(out)).hasSize(40);

        Files.delete(report);
        List<Progress> seen = new ArrayList<>();
        BatchSummary s = BatchRunner.run(options(in, out).baseline(BatchRunnerTest.rules).report(report).resume(true)
                .build(), seen::add);
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(42);
        assertThat(s.written() + s.errors()).isEqualTo(42);
        assertThat(seen).as("nothing is evaluated again").isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(determinations);
        assertThat(Files.readString(report)).contains("<html").contains("42");
    }

    @Test
    void theReportOfAFinishedRunThatFailsAgainOnResumeSaysTheSame() throws IOException {
        Path in = input(20, 0);
        Path out = dir.resolve("out.jsonl");
        Path report = Files.createSymbolicLink(dir.resolve("report.html"), FULL);
        BatchOptions o = options(in, out).baseline(BatchRunnerTest.rules).report(report).build();
        String first = failure(o);
        assertThat(failure(options(in, out).baseline(BatchRunnerTest.rules).report(report).resume(true).build()))
                .isEqualTo(first).contains("are complete (20 households)");
    }

    @Test
    void theCheckpointOnAFullDisk() throws IOException {
        Path in = input(40, 0);
        Path out = dir.resolve("out.jsonl");
        Files.createSymbolicLink(dir.resolve("out.jsonl.checkpoint.tmp"), FULL);
        Path checkpoint = dir.resolve("out.jsonl.checkpoint");
        assertThat(failure(options(in, out).build())).isEqualTo("error: could not write the checkpoint " + checkpoint
                + ": " + NO_SPACE + "; the outputs are incomplete and no checkpoint was written: run the command again"
                + " once there is room（写入文件失败：" + checkpoint + "；输出不完整，且尚未写出断点，腾出空间后请重新运行）");
    }
}
