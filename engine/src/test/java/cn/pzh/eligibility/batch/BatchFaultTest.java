package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under batch: a full disk on every output path (a symbolic link to {@code /dev/full}, where every write
 * fails with ENOSPC), an input changed under a checkpoint, a truncated input. A batch must never present a partial
 * file as complete, nor finish a file that matches neither input.
 */
class BatchFaultTest {

    static final LocalDate AS_OF = BatchRunnerTest.AS_OF;
    static final Path FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new ByteArrayInputStream(new byte[0]), out, err, args);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path caseload(int n, double bad) throws IOException {
        BatchRunnerTest.load();
        return BatchRunnerTest.generate(dir.resolve("in.jsonl"), n, false, bad);
    }

    private Cli batch(Path in, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("batch", "--rules", "../rules", "--as-of",
                AS_OF.toString(), "--in", in.toString(), "--out", out.toString(), "--chunk", "16",
                "--checkpoint-every", "0", "--threads", "2"));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private static void assertWriteFailure(Cli r, Path which) {
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("could not write").contains(which.toString()).contains("No space left on device")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aFullDiskUnderTheDeterminationsExitsThree() throws IOException {
        Path in = caseload(200, 0);
        Path out = Files.createSymbolicLink(dir.resolve("out.jsonl"), FULL);
        Cli r = batch(in, out);
        assertWriteFailure(r, out);
        assertThat(r.err()).contains("no checkpoint was written");
        assertThat(r.out()).doesNotContain("determinations written");
    }

    @Test
    void aFullDiskUnderTheErrorsFileExitsThreeAndResumeFinishesTheRun() throws IOException {
        Path in = caseload(400, 0.03);
        Path reference = dir.resolve("reference.jsonl");
        assertThat(batch(in, reference).code()).isEqualTo(2); // bad households: exit 2, the run is complete
        Path out = dir.resolve("out.jsonl");
        Path errors = Files.createSymbolicLink(dir.resolve("errors.jsonl"), FULL);
        Cli r = batch(in, out, "--errors", errors.toString());
        assertWriteFailure(r, errors);
        assertThat(r.err()).contains("the errors file").contains("--resume");
        // room again: the same command with --resume finishes exactly the uninterrupted files
        Files.delete(errors);
        Files.createFile(errors);
        Cli resumed = batch(in, out, "--errors", errors.toString(), "--resume");
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(2);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
        assertThat(Files.readAllBytes(errors)).isEqualTo(Files.readAllBytes(dir.resolve("reference.jsonl.errors.jsonl")));
    }

    @Test
    void aFullDiskUnderTheDiffExitsThree() throws IOException {
        Path in = caseload(300, 0);
        Path diff = Files.createSymbolicLink(dir.resolve("diff.jsonl"), FULL);
        Cli r = batch(in, dir.resolve("out.jsonl"), "--baseline-as-of", "2019-07-01", "--diff", diff.toString());
        assertWriteFailure(r, diff);
        assertThat(r.err()).contains("the diff");
    }

    @Test
    void aFullDiskUnderTheReportExitsThreeAndKeepsTheCheckpoint() throws IOException {
        Path in = caseload(100, 0);
        Path report = Files.createSymbolicLink(dir.resolve("report.html"), FULL);
        Path out = dir.resolve("out.jsonl");
        Cli r = batch(in, out, "--baseline-rules", "../rules", "--report", report.toString());
        assertWriteFailure(r, report);
        assertThat(r.err()).contains("the report").contains("are complete (100 households)");
        assertThat(Checkpoint.read(dir.resolve("out.jsonl.checkpoint")).complete).isTrue();
        Files.delete(report);
        Cli again = batch(in, out, "--baseline-rules", "../rules", "--report", report.toString(), "--resume");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readString(report)).contains("<html");
        assertThat(dir.resolve("out.jsonl.checkpoint")).doesNotExist();
    }

    @Test
    void aFullDiskUnderTheCheckpointExitsThree() throws IOException {
        Path in = caseload(100, 0);
        Path out = dir.resolve("out.jsonl");
        Files.createSymbolicLink(dir.resolve("out.jsonl.checkpoint.tmp"), FULL);
        Cli r = batch(in, out);
        assertWriteFailure(r, dir.resolve("out.jsonl.checkpoint"));
        assertThat(r.err()).contains("the checkpoint");
    }

    @Test
    void theLibraryThrowsAWriteFailureNamingTheOutput() throws IOException {
        Path in = caseload(50, 0);
        Path out = Files.createSymbolicLink(dir.resolve("out.jsonl"), FULL);
        assertThatThrownBy(() -> BatchRunner.run(BatchOptions.builder(in, out, BatchRunnerTest.rules, AS_OF).build(),
                null)).isInstanceOf(WriteFailedException.class).hasMessageContaining(out.toString());
    }

    // ------------------------------------------------------------------ a changed input on resume

    /** Runs until the checkpoint has passed {@code bytes} of input, then stops as a kill would (no final write). */
    private Checkpoint interrupted(Path in, Path out, long bytes) {
        BatchOptions o = BatchOptions.builder(in, out, BatchRunnerTest.rules, AS_OF).chunkSize(16).threads(2)
                .checkpointInterval(Duration.ZERO).build();
        assertThatThrownBy(() -> BatchRunner.run(o, p -> {
            if (p.inputBytesDone() > bytes) {
                throw new IllegalStateException("killed");
            }
        })).isInstanceOf(BatchException.class);
        Checkpoint cp = Checkpoint.read(o.checkpoint());
        assertThat(cp.complete).isFalse();
        assertThat(cp.inputOffset).isGreaterThan(bytes);
        return cp;
    }

    /** Edits one household before the checkpoint's offset, past the first MB, keeping the file's size. */
    private void resumeAfterAnEditIsRefused(UnaryOperator<String> edit) throws IOException {
        Path in = caseload(6000, 0);
        long size = Files.size(in);
        assertThat(size).isGreaterThan(2_000_000);
        Path out = dir.resolve("out.jsonl");
        Checkpoint cp = interrupted(in, out, 1_600_000);
        String text = Files.readString(in);
        int at = text.indexOf('\n', 1_200_000) + 1; // a line past the first MB and before the offset
        int end = text.indexOf('\n', at);
        String line = text.substring(at, end);
        String edited = edit.apply(line);
        assertThat(edited).isNotEqualTo(line).hasSameSizeAs(line);
        Files.writeString(in, text.substring(0, at) + edited + text.substring(end));
        assertThat(Files.size(in)).isEqualTo(size);
        assertThat(at).isLessThan((int) cp.inputOffset);

        assertThatThrownBy(() -> BatchRunner.run(BatchOptions.builder(in, out, BatchRunnerTest.rules, AS_OF)
                .resume(true).build(), null)).isInstanceOf(BatchException.class)
                .hasMessageContaining("changed").hasMessageContaining("--resume").hasMessageContaining("输入文件");
        Cli r = batch(in, out, "--resume");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(in.toString()).contains("changed");
    }

    @Test
    void resumeRefusesAnInputEditedBeforeTheCheckpoint() throws IOException {
        // Same length whatever the county: 东区 and 西区 swap, and so do 米易县 and 盐边县 (a size change would be
        // caught by the size alone, not by the fingerprint this test is about).
        resumeAfterAnEditIsRefused(l -> l.contains("\"county\":\"东区\"") ? l.replace("\"county\":\"东区\"", "\"county\":\"西区\"")
                : l.contains("\"county\":\"西区\"") ? l.replace("\"county\":\"西区\"", "\"county\":\"东区\"")
                : l.contains("\"county\":\"米易县\"") ? l.replace("\"county\":\"米易县\"", "\"county\":\"盐边县\"")
                : l.replaceFirst("\"county\":\"[^\"]+\"", "\"county\":\"米易县\""));
    }

    @Test
    void resumeAcceptsAnUnchangedInputAndFinishesTheSameBytes() throws IOException {
        Path in = caseload(3000, 0.01);
        Path reference = dir.resolve("reference.jsonl");
        BatchRunner.run(BatchOptions.builder(in, reference, BatchRunnerTest.rules, AS_OF).build(), null);
        Path out = dir.resolve("out.jsonl");
        interrupted(in, out, Files.size(in) / 2);
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, BatchRunnerTest.rules, AS_OF).resume(true)
                .build(), null);
        assertThat(s.resumed()).isTrue();
        assertThat(s.households()).isEqualTo(3000);
        assertThat(s.written() + s.errors()).isEqualTo(3000);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
    }

    // ------------------------------------------------------------------ a truncated input

    @Test
    void aTruncatedInputReportsItsCutLastLineAndCountsAddUp() throws IOException {
        Path in = caseload(100, 0);
        byte[] all = Files.readAllBytes(in);
        Files.write(in, java.util.Arrays.copyOf(all, all.length - 40)); // the last household cut mid-line
        Path out = dir.resolve("out.jsonl");
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, BatchRunnerTest.rules, AS_OF).build(), null);
        assertThat(s.linesRead()).isEqualTo(100);
        assertThat(s.households()).isEqualTo(100);
        assertThat(s.written()).isEqualTo(99);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(Files.readAllLines(out)).hasSize(99);
        String err = Files.readString(s.errorsFile());
        assertThat(err).contains("\"line\":100").contains("not valid JSON");
    }

    @Test
    void aTruncatedCsvInputReportsItsCutLastHousehold() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.csv"), 60, true, 0);
        String text = Files.readString(in);
        int cut = text.lastIndexOf('\n', text.length() - 2);
        // cut inside the last row, leaving an open quote: the cell runs to the end of the file
        Files.writeString(in, text.substring(0, cut + 1) + text.substring(cut + 1, cut + 30) + ",\"unterminated");
        Path out = dir.resolve("out.jsonl");
        BatchRunnerTest.load();
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, BatchRunnerTest.rules, AS_OF).build(), null);
        assertThat(s.written() + s.errors()).isEqualTo(s.households());
        assertThat(s.errors()).isGreaterThanOrEqualTo(1);
        assertThat(Files.readString(s.errorsFile())).doesNotContain("unterminated");
    }
}
