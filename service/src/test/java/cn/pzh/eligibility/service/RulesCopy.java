package cn.pzh.eligibility.service;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private copy of the repository's rules and test-cases for a service that is edited while it runs: the tests edit
 * the copy's files as policy staff would, never the repository's.
 */
public final class RulesCopy implements AutoCloseable {

    static final Path RULES = Path.of("../rules");
    static final Path CASES = Path.of("../test-cases");

    final Path root;
    public final Path rules;
    final Path cases;

    public RulesCopy() {
        try {
            root = Files.createTempDirectory("reload-test-");
            rules = root.resolve("rules");
            cases = root.resolve("test-cases");
            copy(RULES, rules);
            copy(CASES, cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts every rule file back as it is in the repository. */
    void restore() {
        try {
            delete(rules);
            copy(RULES, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String file) {
        try {
            return Files.readString(rules.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes like an editor that saves to a temporary file and renames it over the old one. */
    void write(String file, String text) {
        try {
            Path target = rules.resolve(file);
            Path tmp = target.resolveSibling("." + target.getFileName() + ".swp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces exactly one occurrence of {@code old} in a rules file. */
    void edit(String file, String old, String replacement) {
        String text = read(file);
        if (text.indexOf(old) < 0 || text.indexOf(old) != text.lastIndexOf(old)) {
            throw new IllegalStateException("expected exactly one '" + old + "' in " + file);
        }
        write(file, text.replace(old, replacement));
    }

    /** The rural standard gets a new value from 2025-01-01: 470 instead of 440 (dates of no test-case). */
    static final String RURAL_440 = """
                - from: 2021-12-01
                  value: 440
                  reference: 攀枝花市城乡低保标准（2022年公布）
            """;
    static final String RURAL_440_THEN_470 = RURAL_440 + """
                - from: 2025-01-01
                  value: 470
                  reference: 测试用调整（自动化测试）
            """;

    void raiseRuralStandardFrom2025() {
        edit("parameters/dibao.yaml", RURAL_440, RURAL_440_THEN_470);
    }

    @Override
    public void close() {
        delete(root);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
