package cn.pzh.eligibility.spark;

import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * The rulesets of a job, compiled once per executor JVM from the rule files shipped with the job. A KieBase is not
 * serializable and a Ruleset is not meant to travel: tasks carry only the version (a content hash of the files), and
 * each JVM builds the Ruleset from its own copy of the files on first use. The version the files give must equal the
 * one the driver loaded, so every executor evaluates with exactly the driver's rules.
 */
final class Rulesets {

    private static final Map<String, Ruleset> BY_VERSION = new ConcurrentHashMap<>();
    private static final Map<String, RulesetDiff> DIFFS = new ConcurrentHashMap<>();

    private Rulesets() {
    }

    /** The name under which the files of a ruleset travel with the job. */
    static String shippedName(String version) {
        return "ruleset-" + version.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * On the driver: ships the ruleset's files with the job, under a name made of its version (two rulesets from
     * directories of the same name do not collide), and lets a task in this JVM (local mode) use the driver's copy.
     * Once per SparkContext and version.
     */
    static void ship(SparkContext sc, Ruleset rs) {
        BY_VERSION.putIfAbsent(rs.version(), rs);
        if (!SHIPPED.add(sc.applicationId() + "|" + rs.version())) {
            return;
        }
        Path staged = STAGED.computeIfAbsent(rs.version(), v -> {
            Path p = staging().resolve(shippedName(v));
            copyTree(rs.directory(), p);
            return p;
        });
        sc.addFile(staged.toUri().toString(), true);
    }

    private static final java.util.Set<String> SHIPPED = ConcurrentHashMap.newKeySet();
    private static final Map<String, Path> STAGED = new ConcurrentHashMap<>();
    private static Path stagingRoot;

    /** One directory per driver JVM for the copies that travel, removed when the JVM ends. */
    private static synchronized Path staging() {
        if (stagingRoot == null) {
            try {
                stagingRoot = Files.createTempDirectory("eligibility-rules-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path root = stagingRoot;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> all = Files.walk(root)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // a temporary directory left behind is no reason to fail the exit
                }
            }));
        }
        return stagingRoot;
    }

    /** On an executor: the ruleset of that version, compiled on first use in this JVM. */
    static Ruleset get(String version) {
        return BY_VERSION.computeIfAbsent(version, v -> {
            Ruleset rs = Ruleset.load(Path.of(SparkFiles.get(shippedName(v))));
            if (!rs.version().equals(v)) {
                throw new IllegalStateException("the rule files shipped with the job give version " + rs.version()
                        + ", the driver loaded " + v);
            }
            return rs;
        });
    }

    /** What differs between the two rulesets, worked out once per JVM (the diff lines cite it). */
    static RulesetDiff diff(String baseVersion, LocalDate baseDate, String version, LocalDate asOf) {
        return DIFFS.computeIfAbsent(baseVersion + "@" + baseDate + "|" + version + "@" + asOf,
                k -> RulesetDiff.of(get(baseVersion), baseDate, get(version), asOf));
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
