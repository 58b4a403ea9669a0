package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points (a fixed seed, so a failure can be replayed), then {@code --resume}: the outputs must be
 * the bytes of an uninterrupted run. The batch runs in a real child process ({@code java … cli.Main batch}, the
 * command line's own entry point) killed with {@code destroyForcibly}, which is SIGKILL: no shutdown hook runs.
 */
class BatchKillTest {

    static final long SEED = 20261201L;

    @TempDir
    Path dir;

    private Process start(Path in, Path out, boolean resume, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "cn.pzh.eligibility.cli.Main", "batch",
                "--in", in.toString(), "--out", out.toString(), "--rules", "../rules",
                "--as-of", BatchRunnerTest.AS_OF.toString(), "--chunk", "8", "--checkpoint-every", "0",
                "--threads", "2"));
        if (resume) {
            cmd.add("--resume");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Kills the child once its checkpoint holds more than {@code after} households, plus a random delay. */
    private long killAfter(Process p, Path checkpoint, long after, int extraMillis) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(checkpoint)) {
                try {
                    Checkpoint cp = Checkpoint.read(checkpoint);
                    if (!cp.complete && cp.households > after) {
                        Thread.sleep(extraMillis);
                        break;
                    }
                } catch (RuntimeException e) {
                    // read while being renamed into place: try again
                }
            }
            Thread.sleep(2);
        }
        assertThat(p.isAlive()).as("the child is still running when it is killed").isTrue();
        p.destroyForcibly().waitFor();
        return Checkpoint.read(checkpoint).households;
    }

    private void killedAtRandomPointsThenResumed(Path in, int households, int kills) throws Exception {
        BatchRunnerTest.load();
        Path reference = dir.resolve("reference.jsonl");
        BatchSummary ref = BatchRunner.run(BatchOptions.builder(in, reference, BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF).build(), null);
        assertThat(ref.households()).isEqualTo(households);
        Path out = dir.resolve("out.jsonl");
        Path checkpoint = dir.resolve("out.jsonl.checkpoint");
        Random random = new Random(SEED);
        long done = 0;
        for (int k = 0; k < kills; k++) {
            // a point between what is done and the end, never at the very end
            long left = households - done;
            long after = done + 10 + random.nextInt((int) Math.max(1, left / (kills - k + 1)));
            Process p = start(in, out, k > 0, dir.resolve("child" + k + ".log"));
            long at = killAfter(p, checkpoint, after, random.nextInt(40));
            assertThat(at).as("kill %d progressed", k).isGreaterThan(done);
            assertThat(Checkpoint.read(checkpoint).complete).isFalse();
            done = at;
        }
        Process last = start(in, out, true, dir.resolve("last.log"));
        assertThat(last.waitFor()).as(Files.readString(dir.resolve("last.log"))).isIn(0, 2);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
        assertThat(Files.readAllBytes(dir.resolve("out.jsonl.errors.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("reference.jsonl.errors.jsonl")));
        assertThat(checkpoint).as("a finished run leaves no checkpoint").doesNotExist();
        long outLines = Files.readAllLines(out).size();
        assertThat(outLines + ref.errors()).isEqualTo(households);
    }

    @Test
    void jsonLinesKilledTwiceAtRandomThenResumedIsByteIdentical() throws Exception {
        Path in = BatchRunnerTest.generate(dir.resolve("in.jsonl"), 800, false, 0.01);
        killedAtRandomPointsThenResumed(in, 800, 2);
    }

    @Test
    void csvKilledAtARandomPointThenResumedIsByteIdentical() throws Exception {
        Path in = BatchRunnerTest.generate(dir.resolve("in.csv"), 500, true, 0.01);
        killedAtRandomPointsThenResumed(in, 500, 1);
    }
}
