package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages in layers, each using only those below it: model → params → input → rules → evaluation →
 * testcases → check → docs, and evaluation → batch → generate → cli. A package that reaches up (rules into
 * evaluation, batch into cli) ties the two together: neither can then change or be tested alone. Read from the
 * sources: an import or a fully qualified name both count.
 */
class LayersTest {

    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("model", Set.of()),
            Map.entry("params", Set.of()),
            Map.entry("input", Set.of("model", "params")),
            Map.entry("rules", Set.of("model", "params")),
            Map.entry("evaluation", Set.of("model", "params", "input", "rules")),
            Map.entry("testcases", Set.of("model", "params", "input", "rules", "evaluation")),
            Map.entry("check", Set.of("model", "params", "input", "rules", "evaluation", "testcases")),
            Map.entry("docs", Set.of("model", "params", "input", "rules", "evaluation", "testcases", "check")),
            Map.entry("batch", Set.of("model", "params", "input", "rules", "evaluation")),
            Map.entry("generate", Set.of("model", "params", "input", "rules", "evaluation", "batch")),
            Map.entry("cli", Set.of("model", "params", "input", "rules", "evaluation", "testcases", "check", "docs",
                    "batch", "generate")));

    private static final Path ROOT = Path.of("src/main/java/cn/pzh/eligibility");
    private static final Pattern USE = Pattern.compile("cn\\.pzh\\.eligibility\\.([a-z]+)\\b");

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        assertThat(MAY_USE.keySet()).as("every package has its place in the layers").containsAll(packages);
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = ROOT.relativize(f).getName(0).toString();
                Matcher m = USE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !MAY_USE.get(pkg).contains(used)) {
                        wrong.add(ROOT.relativize(f) + " (" + pkg + ") uses " + used);
                    }
                }
            }
        }
        assertThat(wrong).as("uses against the layers").isEmpty();
    }
}
