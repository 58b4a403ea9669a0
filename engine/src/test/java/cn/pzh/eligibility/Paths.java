package cn.pzh.eligibility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the repository's real files are, seen from the engine module (Maven runs tests there). */
public final class Paths {

    public static final Path RULES = Path.of("..", "rules");
    public static final Path TEST_CASES = Path.of("..", "test-cases");
    public static final Path EXAMPLE = Path.of("..", "..", "shared", "spec", "household.example.json");

    private Paths() {
    }

    /** A private copy of the rules directory that a test may edit. */
    public static Path copyRules(Path into) {
        try (Stream<Path> s = Files.walk(RULES)) {
            for (Path p : s.toList()) {
                Path target = into.resolve(RULES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
