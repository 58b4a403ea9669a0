package cn.pzh.eligibility.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's real rules copied to a scratch folder, with helpers to break one line on purpose. */
final class RulesCopy {

    static final Path RULES = Path.of("../rules");
    static final Path CASES = Path.of("../test-cases");

    final Path dir;

    RulesCopy(Path tmp) {
        this.dir = tmp.resolve("rules");
        try (Stream<Path> s = Files.walk(RULES)) {
            for (Path p : s.toList()) {
                Path to = dir.resolve(RULES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first occurrence of {@code from} in {@code file}; returns the 1-based line it stood on. */
    int replace(String file, String from, String to) {
        Path p = dir.resolve(file);
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            int at = text.indexOf(from);
            assertThat(at).as("'%s' in %s", from, file).isGreaterThanOrEqualTo(0);
            Files.writeString(p, text.substring(0, at) + to + text.substring(at + from.length()), StandardCharsets.UTF_8);
            return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line of {@code file} that contains {@code text}, searching from line {@code after}. */
    int lineOf(String file, String text, int after) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
            for (int i = Math.max(after, 1) - 1; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(text + " not in " + file);
    }

    /** Deletes line {@code n} (1-based) of {@code file}. */
    void deleteLine(String file, int n) {
        try {
            List<String> lines = new java.util.ArrayList<>(List.of(
                    Files.readString(dir.resolve(file), StandardCharsets.UTF_8).split("\n", -1)));
            lines.remove(n - 1);
            Files.writeString(dir.resolve(file), String.join("\n", lines), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file(String name) {
        return RulesetLoaderShown.of(dir) + name;
    }

    /** Problems name files with the directory as given, then the path inside it. */
    static final class RulesetLoaderShown {
        static String of(Path dir) {
            return cn.pzh.eligibility.rules.RulesetLoader.shownPrefix(dir);
        }
    }
}
