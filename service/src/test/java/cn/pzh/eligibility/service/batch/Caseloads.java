package cn.pzh.eligibility.service.batch;

import cn.pzh.eligibility.generate.GenerateCommand;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;


/** Synthetic caseloads from the engine's generator, and what the engine says of each household on its own. */
final class Caseloads {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);

    private Caseloads() {
    }

    /** Standards of 2019 (urban 610, rural 410), around which the generator puts its boundary households. */
    static HouseholdGenerator generator2019(double badFraction) {
        return new HouseholdGenerator(7, AS_OF, new BigDecimal("610"), new BigDecimal("410"), badFraction);
    }

    static byte[] write(HouseholdGenerator g, int n, boolean csv) {
        StringWriter w = new StringWriter();
        try {
            GenerateCommand.write(g, n, csv, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The determination of each valid household, one JSON line each, in input order: what a batch must write. */
    static List<String> singleEvaluations(Ruleset rules, HouseholdGenerator g, int n, LocalDate asOf) {
        return singleEvaluations(rules, g, n, asOf, java.util.Set.of());
    }

    /** The same, leaving out the households on {@code refusedLines} (1-based input lines). */
    static List<String> singleEvaluations(Ruleset rules, HouseholdGenerator g, int n, LocalDate asOf,
            java.util.Set<Long> refusedLines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!g.isBad(i) && !refusedLines.contains(i + 1L)) {
                out.add(Json.MAPPER.writeValueAsString(rules.evaluate(HouseholdReader.read(g.household(i)), asOf)));
            }
        }
        return out;
    }

    /** Line by line; a failure shows the first line that differs around its first differing character only. */
    static void assertSameLines(List<String> actual, List<String> expected) {
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            String a = actual.get(i);
            String e = expected.get(i);
            if (!a.equals(e)) {
                int at = 0;
                while (at < Math.min(a.length(), e.length()) && a.charAt(at) == e.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 150);
                throw new AssertionError("line " + (i + 1) + " differs at character " + at + ":\n  batch:  …"
                        + a.substring(from, Math.min(a.length(), at + 150)) + "\n  single: …"
                        + e.substring(from, Math.min(e.length(), at + 150)));
            }
        }
        if (actual.size() != expected.size()) {
            throw new AssertionError(actual.size() + " lines, expected " + expected.size());
        }
    }

    /** A copy of a rules directory, to change a parameter in. */
    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
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

    /** The rural dibao standard from 2019-01-01 set to {@code value} (410 in the real rules). */
    static Path rulesWithRuralStandard(Path dir, int value) {
        copy(Path.of("../rules"), dir);
        Path dibao = dir.resolve("parameters/dibao.yaml");
        try {
            String yaml = Files.readString(dibao, StandardCharsets.UTF_8);
            int rural = yaml.indexOf("dibao.standard.rural:");
            int at = yaml.indexOf("value: 410", rural);
            Files.writeString(dibao, yaml.substring(0, at) + "value: " + value
                    + yaml.substring(at + "value: 410".length()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
