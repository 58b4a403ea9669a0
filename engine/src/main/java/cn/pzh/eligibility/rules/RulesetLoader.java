package cn.pzh.eligibility.rules;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/** Builds a {@link Ruleset} from a rules directory, reporting every problem with the real file and line. */
final class RulesetLoader {

    static final String PARAMETERS_DIR = "parameters";
    static final String CODES_FILE = "codes.yaml";
    /** DRL files are written here inside the KieFileSystem; the package of every rule file is {@code rules}. */
    private static final String KFS_ROOT = "src/main/resources/rules/";
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final Pattern CLAUSE = Pattern.compile("@clause\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern PARSER_ERROR = Pattern.compile("^\\[ERR \\d+\\]");
    private static final AtomicLong BUILDS = new AtomicLong();

    private RulesetLoader() {
    }

    static Ruleset load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new RulesetException(List.of(Problem.error(directory.toString(), 0,
                    "rules directory not found（找不到规则目录）")));
        }
        List<Problem> problems = new ArrayList<>();
        // Problems name files as the user gave the directory ("rules/dibao.drl"), so the path can be opened as is.
        String shown = directory.toString().replaceAll("/+$", "") + "/";
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

        MessageDigest digest = sha256();
        List<String> files = new ArrayList<>();
        List<Path> all = new ArrayList<>(drl);
        all.addAll(yaml);
        if (codes != null) {
            all.add(codesFile);
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

        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("cn.pzh.eligibility.rules", "ruleset-" + version,
                "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> kfsToFile = new LinkedHashMap<>();
        List<RuleInfo> rules = new ArrayList<>();
        for (Path p : drl) {
            String rel = display(dir, p);
            String kfsPath = KFS_ROOT + rel.replace('/', '_');
            kfsToFile.put(kfsPath, shown + rel);
            String text = new String(read(p), StandardCharsets.UTF_8);
            kfs.write(kfsPath, text);
            rules.addAll(scanRules(rel, text));
        }
        if (!problems.isEmpty()) {
            throw new RulesetException(problems);
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Problem> parse = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String file = m.getPath() == null ? "?" : kfsToFile.getOrDefault(m.getPath(), m.getPath());
            String text = m.getText().strip().replace('\n', ' ');
            Problem p = Problem.error(file, Math.max(m.getLine(), 0), text + "（规则无法编译）");
            if (PARSER_ERROR.matcher(text).find()) {
                parse.add(p);
            } else if (!text.startsWith("Parser returned a null Package")) {
                problems.add(p);
            }
        }
        // A file that does not parse takes the package's declared types down with it, and every other file then
        // reports types it cannot resolve: show only the parse errors, which are the real ones.
        if (!parse.isEmpty()) {
            problems.clear();
            problems.addAll(parse);
        }
        if (!problems.isEmpty()) {
            throw new RulesetException(problems);
        }
        KieContainer container = ks.newKieContainer(releaseId);
        var kieBase = container.getKieBase();
        // The container's module is no longer needed once the KieBase exists; dropping it keeps reloads from growing.
        ks.getRepository().removeKieModule(releaseId);
        return new Ruleset(version, Instant.now(), dir, files, rules, kieBase, new ParameterSet(params), codes);
    }

    /** Rule names and their clauses, read from the text so each has its file and line. */
    static List<RuleInfo> scanRules(String file, String text) {
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

    private static List<Path> list(Path root, Path dir, String suffix) {
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

    private static String display(Path dir, Path p) {
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
