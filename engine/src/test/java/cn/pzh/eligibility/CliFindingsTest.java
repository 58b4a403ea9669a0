package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.cli.Main;
import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's findings of issue 8: a full disk must not look like success (exit 3, saying what was written),
 * and what a user gets wrong is answered with a clear message, never a Java exception or a "null".
 * {@code /dev/full} is a ready "disk full": every write to it fails with ENOSPC.
 */
class CliFindingsTest {

    static final Path FULL = Path.of("/dev/full");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String stdin, OutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, args);
        return new Run(code, out instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "",
                err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String stdin, String... args) {
        return run(stdin, new ByteArrayOutputStream(), args);
    }

    private static OutputStream full() {
        try {
            return new FileOutputStream(FULL.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lines(int n) throws IOException {
        String one = Json.MAPPER.readTree(Files.readString(Paths.EXAMPLE)).toString();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(one.replace("510411-2019-000123", "H-" + i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void evaluateJsonLinesToAFullDiskExitsThreeAndSaysWhatWasWritten() throws IOException {
        Run r = run(lines(300), full(), "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01",
                "--jsonl");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("standard output could not be written").contains("No space left on device")
                .contains("0 determinations (of input lines 1–0) were written completely")
                .doesNotContain("300 determinations written");
    }

    @Test
    void evaluateAFileToAFullDiskExitsThree() {
        Run r = run("", full(), "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01",
                Paths.EXAMPLE.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("standard output could not be written");
    }

    @Test
    void generateToAFullStandardOutputExitsThree() {
        Run r = run("", full(), "generate", "--rules", Paths.RULES.toString(), "--households", "3000");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("standard output could not be written")
                .contains("0 of 3000 households were written completely");
    }

    @Test
    void generateToAFullFileExitsThree(@TempDir Path dir) throws IOException {
        Path out = Files.createSymbolicLink(dir.resolve("caseload.jsonl"), FULL);
        Run r = run("", "generate", "--rules", Paths.RULES.toString(), "--households", "3000", "--out", out.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(out.toString()).contains("No space left on device")
                .contains("of 3000 households were written completely");
    }

    @Test
    void aBadAsOfIsAClearMessageNotAJavaException() {
        for (String bad : new String[] {"2019-13-01", "yesterday", "2019-02-30"}) {
            Run r = run("", "evaluate", "--rules", Paths.RULES.toString(), "--as-of", bad, Paths.EXAMPLE.toString());
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--as-of").contains("YYYY-MM-DD").contains("日期格式")
                    .doesNotContain("DateTimeParseException").doesNotContain("java.");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anInvalidHouseholdPrintsNothingOnStandardOutput(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(Paths.EXAMPLE).replace("\"grade\": 2", "\"grade\": 7"));
        Run r = run("", "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("members[0].disability.grade");
    }

    @Test
    void aMissingRulesDirectoryHintsAtTheRulesOption(@TempDir Path dir) {
        String missing = dir.resolve("rules").toString();
        for (String[] args : new String[][] {{"evaluate", "--rules", missing, Paths.EXAMPLE.toString()},
                {"check", "--rules", missing}, {"test", "--rules", missing, Paths.TEST_CASES.toString()}}) {
            Run r = run("", args);
            assertThat(r.code()).as(args[0]).isNotZero();
            assertThat(r.out() + r.err()).as(args[0]).contains("rules directory not found").contains("--rules DIR")
                    .contains("请在项目目录下运行");
        }
    }

    @Test
    void testSpeaksChineseAndKeepsTheCountsLine(@TempDir Path dir) throws IOException {
        Path cases = Files.createDirectories(dir.resolve("cases"));
        String household = Json.MAPPER.readTree(Files.readString(Paths.EXAMPLE)).toString();
        Files.writeString(cases.resolve("wrong.yaml"), "name: 错误的预期\nasOf: 2019-10-01\nhousehold: " + household
                + "\nexpect:\n  entitlements:\n    - { code: DIBAO_FALLBACK, amount: 931.00 }\n  advisories: []\n");
        Run r = run("", "test", "--rules", Paths.RULES.toString(), cases.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).containsPattern("(?m)^0 passed, 1 failed$").contains("通过 0 个，未通过 1 个")
                .contains("未通过").contains("待遇与预期不符").contains("个测试案例");
    }

    @Test
    void helpSummariesAreWhole() {
        Run r = run("", "--help");
        String flat = r.out().replaceAll("\\s+", "");
        assertThat(flat).contains("输出逐户差异与影响测算报告").contains("同样的参数总是生成同样的文件");
    }

    @Test
    void aFinishedBatchLeavesNoCheckpoint(@TempDir Path dir) throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), lines(5));
        Path out = dir.resolve("out.jsonl");
        Run r = run("", "batch", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01", "--in", in.toString(),
                "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(5);
        assertThat(dir.resolve("out.jsonl.checkpoint")).doesNotExist();
        assertThat(dir.resolve("out.jsonl.checkpoint.tmp")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("in.jsonl", "out.jsonl", "out.jsonl.errors.jsonl");
        }
    }

    /** Members who turn 16 after the generator's date need a labour capacity then: every later date must work. */
    @Test
    void generatedHouseholdsStayValidAtLaterAndEarlierDates(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("caseload.jsonl");
        Run g = run("", "generate", "--rules", Paths.RULES.toString(), "--households", "2000", "--as-of",
                "2019-10-01", "--out", in.toString());
        assertThat(g.code()).isZero();
        for (String asOf : new String[] {"2019-10-01", "2021-12-01", "2024-10-01", "2019-01-01"}) {
            Path out = dir.resolve("out-" + asOf + ".jsonl");
            Run r = run("", "batch", "--rules", Paths.RULES.toString(), "--as-of", asOf, "--in", in.toString(), "--out",
                    out.toString());
            String errors = Files.readString(dir.resolve("out-" + asOf + ".jsonl.errors.jsonl"));
            assertThat(errors).as(asOf).doesNotContain("laborCapacity");
            assertThat(r.out()).as(asOf).contains("2000 households");
        }
    }
}
