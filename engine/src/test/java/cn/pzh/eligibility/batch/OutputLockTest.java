package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.cli.Main;
import cn.pzh.eligibility.generate.GenerateCommand;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regression lock for the speed work (issue 12): the bytes that {@code batch} (plain and comparison, with its
 * errors and diff) and {@code evaluate --jsonl} write for one fixed generated caseload, under the committed rules at
 * a fixed date, are held by their SHA-256, taken from the code as it was before any of that work. It says nothing
 * about whether the determinations are right: correctness is held by the test-cases under test-cases/ and the
 * hand-worked tests. It only says a faster pipeline writes exactly what the slower one did.
 *
 * <p>The ruleset's version (a hash of the rule files) is replaced by a placeholder before hashing, so an edit of
 * a comment in rules/ does not break the lock; an edit that changes what the rules decide does, and then the lock
 * must be taken again (run with {@code -Dlock.print=true} on the code before the change and paste the sums).
 */
class OutputLockTest {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);
    static final int HOUSEHOLDS = 3000;

    // Taken again after the non-boarders' sentence lost its nested dates (rules/education.drl, ExplanationWordingTest):
    // only the words of that entitlement changed; errors and the comparison's diff kept their sums.
    static final String PLAIN = "00187828851954f64378cc9eaaa50686826213e4f6530a56b961a879f5c2a0c7";
    static final String PLAIN_ERRORS = "c88022cceaa77c43b5eb133f1615a7dc8734661edce26d981325bedd46722b04";
    static final String COMPARISON = PLAIN;
    static final String COMPARISON_DIFF = "a2862d97bf147b4bfa1fbd3979c9138a567e21d01b49291e36a1256322b8e596";
    static final String JSONL = PLAIN;
    static final String JSONL_ERRORS = "4ca7297a18125f5fbe95b1910ca6c52f21df30f30edf11cdb1cd3f373accf2ab";

    static Ruleset rules;
    static Ruleset baseline;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        rules = Ruleset.load(Path.of("../rules"));
        // The comparison's baseline: the rural standard held at 440 (bench/batch.sh moves the same one).
        baseline = rules.withParameterOverrides(Map.of("dibao.standard.rural", 440), "lock");
    }

    private Path caseload() throws IOException {
        StringWriter w = new StringWriter();
        // 1% bad lines, so the errors file is held too
        GenerateCommand.write(new HouseholdGenerator(42, AS_OF, new BigDecimal("610"), new BigDecimal("410"), 0.01),
                HOUSEHOLDS, false, w);
        Path in = dir.resolve("hh.jsonl");
        Files.writeString(in, w.toString(), StandardCharsets.UTF_8);
        return in;
    }

    private static String sha(byte[] bytes) throws Exception {
        String s = new String(bytes, StandardCharsets.UTF_8).replace(rules.version() + "+overrides", "BASELINE")
                .replace(rules.version(), "VERSION");
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void check(String name, String expected, byte[] actual) throws Exception {
        String got = sha(actual);
        if (Boolean.getBoolean("lock.print")) {
            System.out.println("lock " + name + " = " + got + " (" + actual.length + " bytes)");
        }
        assertThat(got).as("%s (%d bytes)", name, actual.length).isEqualTo(expected);
    }

    @Test
    void batchPlainWritesTheLockedBytes() throws Exception {
        Path in = caseload();
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err.jsonl");
        BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).errors(err).threads(2).build(), null);
        check("plain", PLAIN, Files.readAllBytes(out));
        check("plain errors", PLAIN_ERRORS, Files.readAllBytes(err));
    }

    @Test
    void batchComparisonWritesTheLockedBytes() throws Exception {
        Path in = caseload();
        Path out = dir.resolve("out.jsonl");
        Path diff = dir.resolve("diff.jsonl");
        BatchRunner.run(BatchOptions.builder(in, out, rules, AS_OF).baseline(baseline).diff(diff).threads(2).build(),
                null);
        check("comparison", COMPARISON, Files.readAllBytes(out));
        check("comparison diff", COMPARISON_DIFF, Files.readAllBytes(diff));
    }

    @Test
    void evaluateJsonLinesWritesTheLockedBytes() throws Exception {
        byte[] in = Files.readAllBytes(caseload());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.run(new ByteArrayInputStream(in), out, err, "evaluate", "--rules", "../rules", "--as-of",
                AS_OF.toString(), "--jsonl");
        check("evaluate --jsonl", JSONL, out.toByteArray());
        check("evaluate --jsonl errors", JSONL_ERRORS, err.toByteArray());
    }
}
