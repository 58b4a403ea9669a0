package cn.pzh.eligibility.service.reload;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.rules.RulesetLoader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of the rules directory taken at one moment. Loading, checking, the impact comparison (which reads
 * rule texts from the ruleset's directory) and the rules book all read the same copy, so an editor saving again
 * half-way through a reload can never mix two edits into one published ruleset.
 */
public final class RulesSnapshots {

    private RulesSnapshots() {
    }

    private static final String PREFIX = "eligibility-rules-";

    public static Path take(Path rulesDir) {
        try {
            Path copy = Files.createTempDirectory(PREFIX);
            if (!Files.isDirectory(rulesDir)) {
                return copy;
            }
            try (Stream<Path> walk = Files.walk(rulesDir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = copy.resolve(rulesDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (Files.isRegularFile(p)) {
                        Files.copy(p, target);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + rulesDir + ": " + e.getMessage(), e);
        }
    }

    public static boolean isSnapshot(Path dir) {
        return dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith(PREFIX)
                && dir.toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover copy in the temp directory is harmless.
        }
    }

    /** Problems name files inside the copy; staff must see the file they edit. */
    public static List<Problem> relocate(List<Problem> problems, Path snapshot, Path rulesDir) {
        String from = RulesetLoader.shownPrefix(snapshot);
        String to = RulesetLoader.shownPrefix(rulesDir);
        String bare = snapshot.toString();
        return problems.stream().map(p -> {
            String f = p.file();
            if (f.startsWith(from)) {
                f = to + f.substring(from.length());
            } else if (f.equals(bare)) {
                f = rulesDir.toString();
            }
            String msg = p.message() == null ? null : p.message().replace(from, to);
            return new Problem(f, p.line(), p.severity(), msg);
        }).toList();
    }
}
