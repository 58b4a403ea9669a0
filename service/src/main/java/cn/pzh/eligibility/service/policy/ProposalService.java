package cn.pzh.eligibility.service.policy;

import cn.pzh.eligibility.check.Checker;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.params.ParamType;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.params.ParameterFileReader;
import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import cn.pzh.eligibility.service.config.NoRulesetException;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.reload.ReloadReport;
import cn.pzh.eligibility.service.reload.ReloadReport.FailedCase;
import cn.pzh.eligibility.service.reload.RulesSnapshots;
import cn.pzh.eligibility.service.reload.RulesetReloader;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import cn.pzh.eligibility.store.NotFoundException;
import cn.pzh.eligibility.store.Store;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Proposals of a new dated parameter value. A proposal is a draft: a copy of the live rules directory under the
 * service's data directory with one value inserted by {@link ParameterYamlEditor}. Its dry run is the publish gate
 * on the draft plus the impact on the register; publishing writes the one file into the live directory and lets the
 * reloader's gate decide, so nothing goes live by another path than a hand edit would.
 */
@Service
public class ProposalService {

    @io.swagger.v3.oas.annotations.media.Schema(name = "ProposalRequest")
    public record Request(String parameter, JsonNode value, String from, String reference, String note) {
    }

    public record Proposal(long id, String parameter, String description, String unit, String type, String value,
            LocalDate from, String reference, String note, String file, String baseVersion, String diff, String state,
            String proposedBy, Instant proposedAt, String publishedBy, Instant publishedAt, String publishedVersion,
            String publishOutcome) {
    }

    public record DryRun(long proposalId, String outcome, String servingVersion, String draftVersion,
            List<Problem> problems, int casesRun, List<FailedCase> failedCases, RegisterImpact.View impact,
            String message) {
    }

    public record Published(Proposal proposal, ReloadReport report) {
    }

    /** Every parameter with all its dated values, as the files hold them. */
    public record ParameterHistory(String name, String description, String unit, String type, String file,
            List<DatedValue> values) {
    }

    public record DatedValue(LocalDate from, Object value, String display, String reference) {
    }

    static final class ConflictException extends RuntimeException {
        final String messageZh;

        ConflictException(String message, String messageZh) {
            super(message);
            this.messageZh = messageZh;
        }
    }

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final int MAX_TEXT = 300;

    private final RulesetHolder holder;
    private final RulesetReloader reloader;
    private final Store store;
    private final Path dataDir;

    public ProposalService(RulesetHolder holder, RulesetReloader reloader, Store store,
            @Value("${policy.dir:}") String dir, @Value("${register.dir:register-data}") String registerDir) {
        this.holder = holder;
        this.reloader = reloader;
        this.store = store;
        this.dataDir = (dir.isBlank() ? Path.of(registerDir).resolve("proposals") : Path.of(dir))
                .toAbsolutePath().normalize();
    }

    private Path rulesDir() {
        return reloader.rulesDir();
    }

    /** The live files' parameters, each with the file (relative to the rules directory) it is defined in. */
    private Map<String, Parameter> readLive(Map<String, String> fileOf) {
        Map<String, Parameter> all = new HashMap<>();
        Path params = rulesDir().resolve("parameters");
        if (!Files.isDirectory(params)) {
            // No files to read or edit: the 503 of any operation without rules, not a 500 with a stack trace.
            throw new NoRulesetException(holder.state());
        }
        try (Stream<Path> s = Files.list(params)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Map<String, Parameter> one = new HashMap<>();
                ParameterFileReader.read(p, "parameters/" + p.getFileName(), one, new ArrayList<>());
                for (String name : one.keySet()) {
                    fileOf.put(name, "parameters/" + p.getFileName());
                }
                all.putAll(one);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    public List<ParameterHistory> parameters() {
        Map<String, String> fileOf = new HashMap<>();
        Map<String, Parameter> all = readLive(fileOf);
        return all.values().stream().sorted(Comparator.comparing(Parameter::name))
                .map(p -> new ParameterHistory(p.name(), p.description(), p.unit(), p.type().name(),
                        fileOf.get(p.name()), p.values().stream()
                                .map(v -> new DatedValue(v.from(), v.value(), v.display(), v.reference())).toList()))
                .toList();
    }

    public synchronized Proposal propose(Request r, String user) {
        if (r == null) {
            throw bad("parameter", "a proposal needs parameter, value, from and reference", "请填写参数、取值、生效日期和依据");
        }
        if (r.parameter() == null || r.parameter().isBlank()) {
            throw bad("parameter", "is required", "请选择参数");
        }
        Map<String, String> fileOf = new HashMap<>();
        Map<String, Parameter> live = readLive(fileOf);
        Parameter p = live.get(r.parameter().strip());
        if (p == null) {
            throw bad("parameter", "unknown parameter '" + cut(r.parameter()) + "'", "没有这个参数");
        }
        String valueText = valueText(p.type(), r.value());
        LocalDate from = date(r.from());
        LocalDate first = p.values().get(0).from();
        if (!from.isAfter(first)) {
            throw bad("from", "must be after " + first + ", the first date of '" + p.name() + "'",
                    "生效日期须晚于该参数最早的生效日期 " + first);
        }
        for (ParamValue v : p.values()) {
            if (v.from().equals(from)) {
                throw bad("from", "'" + p.name() + "' already has a value from " + from, "该参数在 " + from + " 已有取值");
            }
        }
        String reference = text(r.reference(), "reference", true);
        String note = text(r.note(), "note", false);

        String file = fileOf.get(p.name());
        Path liveFile = rulesDir().resolve(file);
        byte[] original;
        try {
            original = Files.readAllBytes(liveFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParameterYamlEditor.Edit edit = ParameterYamlEditor.insert(new String(original, StandardCharsets.UTF_8), file,
                p, from, valueText, reference, note);

        Path tmp;
        try {
            Files.createDirectories(dataDir);
            tmp = Files.createTempDirectory(dataDir, ".draft-");
            copyTree(rulesDir(), tmp.resolve("rules"));
            Files.writeString(tmp.resolve("rules").resolve(file), edit.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The strict reader is the proof: the draft parses, and on the new date the parameter has the new value.
        List<Problem> problems = new ArrayList<>();
        Map<String, Parameter> reread = new HashMap<>();
        ParameterFileReader.read(tmp.resolve("rules").resolve(file), file, reread, problems);
        Parameter after = reread.get(p.name());
        ParamValue inserted = after == null ? null : after.at(from);
        if (!problems.isEmpty() || inserted == null || !inserted.from().equals(from)
                || !inserted.reference().equals(reference)) {
            RulesSnapshots.delete(tmp);
            throw bad("value", "the edited file does not read back: " + (problems.isEmpty() ? "value not found"
                    : problems.get(0).message()), "修改后的参数文件无法读取");
        }

        String base = holder.current().map(Ruleset::version).orElse(null);
        Instant now = Instant.now();
        long id = jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ruleset_proposal (parameter, value_text,"
                    + " from_date, reference, note, file, base_version, base_sha256, diff, state, proposed_by,"
                    + " proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, p.name());
                s.setString(2, valueText);
                s.setObject(3, from);
                s.setString(4, reference);
                s.setString(5, note);
                s.setString(6, file);
                s.setString(7, base);
                s.setString(8, sha256(original));
                s.setString(9, edit.diff());
                s.setString(10, user);
                s.setTimestamp(11, Timestamp.from(now));
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    return k.getLong(1);
                }
            }
        });
        try {
            Path target = draftDir(id);
            if (Files.exists(target)) {
                RulesSnapshots.delete(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return get(id);
    }

    private Path draftDir(long id) {
        return dataDir.resolve(Long.toString(id));
    }

    public List<Proposal> list() {
        return jdbc(c -> {
            List<Proposal> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM ruleset_proposal ORDER BY proposal_id DESC");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        });
    }

    public Proposal get(long id) {
        Proposal p = jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM ruleset_proposal WHERE proposal_id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? row(r) : null;
                }
            }
        });
        if (p == null) {
            throw new NotFoundException("proposal " + id + " not found", "没有编号为 " + id + " 的修改建议");
        }
        return p;
    }

    public DryRun dryRun(long id) {
        Proposal p = get(id);
        Path draft = draftDir(id).resolve("rules");
        if (!Files.isDirectory(draft)) {
            throw new ConflictException("proposal " + id + " has no draft any more", "该修改建议的草稿已不存在");
        }
        List<Problem> problems = new ArrayList<>();
        Ruleset candidate = null;
        try {
            candidate = Ruleset.load(draft);
        } catch (RulesetException e) {
            problems.addAll(e.problems());
        }
        if (candidate != null) {
            problems.addAll(Checker.checkLoaded(draft));
        }
        problems = RulesSnapshots.relocate(problems, draft, rulesDir()).stream().distinct().toList();
        List<FailedCase> failed = new ArrayList<>();
        int casesRun = 0;
        Path cases = reloader.casesDir();
        if (candidate != null && Files.isDirectory(cases)) {
            for (Path f : TestCaseRunner.find(cases)) {
                TestCaseRunner.Result r = TestCaseRunner.run(candidate, f, cases.relativize(f).toString());
                casesRun++;
                if (!r.passed()) {
                    failed.add(new FailedCase(r.file(), r.name(), r.failures()));
                }
            }
        }
        Ruleset serving = holder.require();
        RegisterImpact.View impact = candidate == null ? null
                : RegisterImpact.compute(store, serving, candidate, p.from());
        boolean passes = candidate != null && !Checker.hasErrors(problems) && failed.isEmpty();
        long errors = problems.stream().filter(x -> x.severity() == Problem.Severity.error).count();
        StringBuilder m = new StringBuilder(passes ? "试运行：修改可以发布" : "试运行：修改不能发布");
        if (errors > 0) {
            m.append("；规则检查发现 ").append(errors).append(" 处错误");
        }
        if (!failed.isEmpty()) {
            m.append("；测试案例未通过 ").append(failed.size()).append(" 个（共 ").append(casesRun).append(" 个）");
        } else if (casesRun > 0) {
            m.append("；测试案例全部通过（").append(casesRun).append(" 个）");
        }
        if (impact != null) {
            m.append("；").append(impact.summaryZh());
        }
        return new DryRun(id, passes ? "WOULD_SWAP" : "WOULD_REFUSE", serving.version(),
                candidate == null ? null : candidate.version(), problems, casesRun, List.copyOf(failed), impact,
                m.toString());
    }

    public synchronized Published publish(long id, String user) {
        Proposal p = get(id);
        if (!p.state().equals("DRAFT")) {
            throw new ConflictException("proposal " + id + " is " + p.state() + ", not a draft", "该修改建议已处理，不能再次发布");
        }
        Path live = rulesDir().resolve(p.file());
        Path draftFile = draftDir(id).resolve("rules").resolve(p.file());
        byte[] now;
        byte[] draft;
        try {
            now = Files.readAllBytes(live);
            draft = Files.readAllBytes(draftFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String baseSha = jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT base_sha256 FROM ruleset_proposal WHERE proposal_id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
        if (!sha256(now).equals(baseSha)) {
            throw new ConflictException(p.file() + " changed since the proposal was made; propose again",
                    "提出建议后参数文件 " + p.file() + " 已被修改，请重新提出");
        }
        write(live, draft);
        ReloadReport report = reloader.reload(false, "proposal " + id, user);
        String state;
        if (report.outcome() == ReloadReport.Outcome.SWAPPED || report.outcome() == ReloadReport.Outcome.UNCHANGED) {
            state = "PUBLISHED";
        } else {
            // The gate refused: the live file goes back, so the directory again holds the version in service.
            write(live, now);
            state = "REFUSED";
        }
        Instant at = Instant.now();
        String version = state.equals("PUBLISHED") ? report.servingVersion() : null;
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE ruleset_proposal SET state = ?, published_by = ?,"
                    + " published_at = ?, published_version = ?, publish_outcome = ? WHERE proposal_id = ?")) {
                s.setString(1, state);
                s.setString(2, user);
                s.setTimestamp(3, Timestamp.from(at));
                s.setString(4, version);
                s.setString(5, report.outcome().name());
                s.setLong(6, id);
                return s.executeUpdate();
            }
        });
        return new Published(get(id), report);
    }

    private static void write(Path target, byte[] bytes) {
        try {
            Path tmp = target.resolveSibling("." + target.getFileName() + ".proposal");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Proposal row(ResultSet r) throws SQLException {
        Timestamp pub = r.getTimestamp("published_at");
        Map<String, String> fileOf = new HashMap<>();
        String name = r.getString("parameter");
        return new Proposal(r.getLong("proposal_id"), name, describe(name, 0), describe(name, 1), describe(name, 2),
                r.getString("value_text"), r.getObject("from_date", LocalDate.class), r.getString("reference"),
                r.getString("note"), r.getString("file"), r.getString("base_version"), r.getString("diff"),
                r.getString("state"), r.getString("proposed_by"), r.getTimestamp("proposed_at").toInstant(),
                r.getString("published_by"), pub == null ? null : pub.toInstant(), r.getString("published_version"),
                r.getString("publish_outcome"));
    }

    private String describe(String name, int what) {
        Parameter p = holder.current().map(rs -> rs.parameters().parameters().get(name)).orElse(null);
        if (p == null) {
            return null;
        }
        return switch (what) {
            case 0 -> p.description();
            case 1 -> p.unit();
            default -> p.type().name();
        };
    }

    /** The value as the YAML text an officer types, after checking it against the parameter's type. */
    static String valueText(ParamType type, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode() || (v.isString() && v.stringValue().isBlank())) {
            throw bad("value", "is required", "请填写取值");
        }
        switch (type) {
            case amount, rate, integer -> {
                BigDecimal d;
                try {
                    d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.isString() ? v.stringValue().strip() : "x");
                } catch (NumberFormatException e) {
                    throw bad("value", "must be a number (type " + type + ")", "取值应为数字");
                }
                if (d.signum() < 0) {
                    throw bad("value", "must not be negative", "取值不能为负数");
                }
                if (type == ParamType.amount && d.stripTrailingZeros().scale() > 2) {
                    throw bad("value", "an amount has at most 2 decimals", "金额最多保留两位小数");
                }
                if (type == ParamType.rate && d.compareTo(BigDecimal.ONE) > 0) {
                    throw bad("value", "a rate is from 0 to 1", "比例应在 0 到 1 之间");
                }
                if (type == ParamType.integer) {
                    if (d.stripTrailingZeros().scale() > 0) {
                        throw bad("value", "must be a whole number", "取值应为整数");
                    }
                    return d.toBigIntegerExact().toString();
                }
                return d.toPlainString();
            }
            case date -> {
                if (!v.isString()) {
                    throw bad("value", "must be a date YYYY-MM-DD", "取值应为日期（年-月-日）");
                }
                try {
                    return LocalDate.parse(v.stringValue().strip()).toString();
                } catch (DateTimeParseException e) {
                    throw bad("value", "must be a date YYYY-MM-DD", "取值应为日期（年-月-日）");
                }
            }
            case flag -> {
                if (v.isBoolean()) {
                    return Boolean.toString(v.booleanValue());
                }
                String s = v.isString() ? v.stringValue().strip() : "";
                if (s.equals("true") || s.equals("false")) {
                    return s;
                }
                throw bad("value", "must be true or false", "取值应为“是”或“否”");
            }
            case codes -> {
                List<String> codes = new ArrayList<>();
                if (v.isArray()) {
                    for (JsonNode n : v) {
                        codes.add(n.isString() ? n.stringValue().strip() : "");
                    }
                } else if (v.isString()) {
                    for (String s : v.stringValue().split("[,，\\s]+")) {
                        if (!s.isBlank()) {
                            codes.add(s.strip());
                        }
                    }
                }
                if (codes.isEmpty() || !codes.stream().allMatch(c -> CODE.matcher(c).matches())) {
                    throw bad("value", "must be a list of codes like DISABILITY_SUBSIDY", "取值应为代码列表（大写英文）");
                }
                return "[" + String.join(", ", codes) + "]";
            }
            default -> throw new IllegalStateException();
        }
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            throw bad("from", "is required", "请填写生效日期");
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw bad("from", "must be a date YYYY-MM-DD", "生效日期格式应为 年-月-日");
        }
    }

    private static String text(String s, String field, boolean required) {
        if (s == null || s.isBlank()) {
            if (required) {
                throw bad(field, "is required", field.equals("reference") ? "请填写依据文件" : "请填写");
            }
            return null;
        }
        if (s.length() > MAX_TEXT || s.contains("\n") || s.contains("\r")) {
            throw bad(field, "must be one line of at most " + MAX_TEXT + " characters", "应为一行，不超过 " + MAX_TEXT + " 字");
        }
        return s.strip();
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    static InvalidRequestException bad(String field, String message, String zh) {
        return new InvalidRequestException(new FieldError(field, message, zh));
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        try (Connection c = store.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new cn.pzh.eligibility.store.StoreException("proposal store failed: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith(".")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
