package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.params.ParameterFileReader;
import cn.pzh.eligibility.params.ParameterSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Builds {@link CompiledRules} from a rules directory, reporting every problem with the real file and line. */
public final class RulesetLoader {

    static final String PARAMETERS_DIR = "parameters";
    public static final String CODES_FILE = "codes.yaml";
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final Pattern CLAUSE = Pattern.compile("@clause\\(\\s*\"([^\"]*)\"\\s*\\)");

    private RulesetLoader() {
    }

    static CompiledRules load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new RulesetException(List.of(Problem.error(directory.toString(), 0,
                    "rules directory not found（找不到规则目录）")));
        }
        List<Problem> problems = new ArrayList<>();
        // Problems name files as the user gave the directory ("rules/dibao.drl"), so the path can be opened as is.
        String shown = shownPrefix(directory);
        List<Path> drl = list(dir, dir, ".drl");
        List<Path> yaml = list(dir, dir.resolve(PARAMETERS_DIR), ".yaml");
        if (drl.isEmpty()) {
            problems.add(Problem.error(directory.toString(), 0, "no *.drl rule files（规则目录中没有 .drl 文件）"));
        }
        Map<String, Parameter> params = new HashMap<>();
        for (Path p : yaml) {
            ParameterFileReader.read(p, shown + display(dir, p), params, problems);
        }
        Path codesFile = dir.resolve(CODES_FILE);
        Codes codes = Files.isRegularFile(codesFile) ? Codes.read(codesFile, shown + display(dir, codesFile), problems) : null;
        if (codes == null) {
            problems.add(Problem.error(shown + CODES_FILE, 0, "the code catalogue is missing（缺少代码目录 codes.yaml）"));
        }

        Path wordingFile = dir.resolve(Wording.FILE);
        boolean hasWording = Files.isRegularFile(wordingFile);
        Wording wording = hasWording ? Wording.read(wordingFile, shown + display(dir, wordingFile), problems) : null;
        if (!hasWording) {
            problems.add(Problem.error(shown + Wording.FILE, 0, "the wording file is missing（缺少说明文字文件 "
                    + Wording.FILE + "）"));
        }

        MessageDigest digest = sha256();
        List<String> files = new ArrayList<>();
        List<Path> all = new ArrayList<>(drl);
        all.addAll(yaml);
        if (codes != null) {
            all.add(codesFile);
        }
        if (hasWording) {
            all.add(wordingFile);
        }
        all.sort(null);
        for (Path p : all) {
            String rel = display(dir, p);
            files.add(rel);
            digest.update(rel.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(read(p));
            digest.update((byte) 0);
        }
        String version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);

        Map<String, String> texts = new LinkedHashMap<>();
        List<RuleInfo> rules = new ArrayList<>();
        List<WordingUses.Use> uses = new ArrayList<>();
        for (Path p : drl) {
            String rel = display(dir, p);
            String text = new String(read(p), StandardCharsets.UTF_8);
            texts.put(shown + rel, text);
            rules.addAll(scanRules(rel, text));
            uses.addAll(WordingUses.scan(new DrlSource(shown + rel, text), problems));
        }
        if (wording != null) {
            // Like parameters, strictly: a rule and the wording file that disagree do not load (warnings are check's).
            WordingUses.verify(uses, wording, problems, false);
        }
        if (!problems.isEmpty()) {
            throw new RulesetException(problems);
        }
        DrlCompiler.Result built = DrlCompiler.compile(texts, version, true);
        if (!built.problems().isEmpty()) {
            throw new RulesetException(built.problems());
        }
        var kieBase = built.kieBase();
        return new CompiledRules(version, Instant.now(), dir, files, rules, kieBase, new ParameterSet(params), codes,
                wording);
    }

    /** Rule names and their clauses, read from the text so each has its file and line. */
    public static List<RuleInfo> scanRules(String file, String text) {
        List<RuleInfo> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = RULE.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            String clause = null;
            for (int j = i; j < Math.min(lines.length, i + 6) && clause == null; j++) {
                Matcher c = CLAUSE.matcher(lines[j]);
                if (c.find()) {
                    clause = c.group(1);
                }
                if (lines[j].trim().equals("when")) {
                    break;
                }
            }
            out.add(new RuleInfo(m.group(1), clause, file, i + 1));
        }
        return out;
    }

    static List<Path> list(Path root, Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !suffix.equals(".drl") || !root.relativize(p).startsWith(PARAMETERS_DIR))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.drl} of a rules directory (absolute, normalized), in path order. */
    public static List<Path> drlFiles(Path dir) {
        return list(dir, dir, ".drl");
    }

    /** Every {@code parameters/*.yaml} of a rules directory, in path order. */
    public static List<Path> parameterFiles(Path dir) {
        return list(dir, dir.resolve(PARAMETERS_DIR), ".yaml");
    }

    /** The prefix problems put before a file's name: the directory as the user gave it, so the path opens as is. */
    public static String shownPrefix(Path directory) {
        return directory.toString().replaceAll("/+$", "") + "/";
    }

    /** A file's path relative to the rules directory, with forward slashes. */
    public static String display(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
