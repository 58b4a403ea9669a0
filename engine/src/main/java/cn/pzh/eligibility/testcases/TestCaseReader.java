package cn.pzh.eligibility.testcases;

import cn.pzh.eligibility.input.YamlTree;
import cn.pzh.eligibility.testcases.TestCase.Expect;
import cn.pzh.eligibility.testcases.TestCase.ExpectedAdvice;
import cn.pzh.eligibility.testcases.TestCase.ExpectedGrant;
import cn.pzh.eligibility.testcases.TestCase.ExpectedRefusal;
import cn.pzh.eligibility.testcases.TestCase.Totals;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a test-case file strictly: a misspelt key is an error with its line, not a check silently skipped. */
public final class TestCaseReader {

    private static final Set<String> CASE_KEYS = Set.of("name", "clause", "asOf", "parameters", "household", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("entitlements", "advisories", "notGranted", "totals", "error");
    private static final Set<String> GRANT_KEYS = Set.of("code", "memberId", "amount", "costItem");
    private static final Set<String> ADVICE_KEYS = Set.of("code", "memberId");
    private static final Set<String> REFUSAL_KEYS = Set.of("code", "memberId", "reasonContains");
    private static final Set<String> TOTALS_KEYS = Set.of("monthly", "annual", "oneOff");

    /** The file cannot be used as a test-case; the message names file and line. */
    public static final class BadTestCase extends RuntimeException {
        BadTestCase(String message) {
            super(message);
        }
    }

    private final String file;

    private TestCaseReader(String file) {
        this.file = file;
    }

    public static TestCase read(Path path, String display) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadTestCase(display + ":0: cannot read: " + e.getMessage());
        }
        return new TestCaseReader(display).parse(text);
    }

    private TestCase parse(String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw bad(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem());
        }
        MappingNode map = mapping(root, "a test-case");
        Map<String, Node> f = fields(map, CASE_KEYS);
        String name = text(require(f, "name", map));
        String clause = f.containsKey("clause") ? text(f.get("clause")) : null;
        LocalDate asOf = date(require(f, "asOf", map));
        Map<String, Object> params = new LinkedHashMap<>();
        if (f.containsKey("parameters")) {
            for (NodeTuple t : mapping(f.get("parameters"), "parameters").getValue()) {
                Node v = t.getValueNode();
                params.put(text(t.getKeyNode()), v instanceof SequenceNode s
                        ? s.getValue().stream().map(this::text).toList() : text(v));
            }
        }
        Node household = require(f, "household", map);
        Expect expect = expect(mapping(require(f, "expect", map), "expect"));
        return new TestCase(file, name, clause, asOf, params, YamlTree.toJson(household), expect);
    }

    private Expect expect(MappingNode map) {
        Map<String, Node> f = fields(map, EXPECT_KEYS);
        if (f.containsKey("error")) {
            if (f.size() > 1) {
                throw bad(line(map), "a case that expects an error expects nothing else");
            }
            return new Expect(null, null, List.of(), null, text(f.get("error")));
        }
        if (!f.containsKey("entitlements") || !f.containsKey("advisories")) {
            throw bad(line(map), "expect needs the complete 'entitlements' and 'advisories' lists ([] for none)");
        }
        List<ExpectedGrant> grants = new ArrayList<>();
        for (Node n : sequence(f.get("entitlements"), "entitlements")) {
            Map<String, Node> g = fields(mapping(n, "an entitlement"), GRANT_KEYS);
            grants.add(new ExpectedGrant(text(require(g, "code", n)), optional(g, "memberId"),
                    decimal(require(g, "amount", n)), g.containsKey("costItem") ? Integer.valueOf(text(g.get("costItem"))) : null,
                    line(n)));
        }
        List<ExpectedAdvice> advice = new ArrayList<>();
        for (Node n : sequence(f.get("advisories"), "advisories")) {
            Map<String, Node> a = fields(mapping(n, "an advisory"), ADVICE_KEYS);
            advice.add(new ExpectedAdvice(text(require(a, "code", n)), optional(a, "memberId"), line(n)));
        }
        List<ExpectedRefusal> refusals = new ArrayList<>();
        if (f.containsKey("notGranted")) {
            for (Node n : sequence(f.get("notGranted"), "notGranted")) {
                Map<String, Node> r = fields(mapping(n, "a notGranted entry"), REFUSAL_KEYS);
                refusals.add(new ExpectedRefusal(text(require(r, "code", n)), optional(r, "memberId"),
                        optional(r, "reasonContains"), line(n)));
            }
        }
        Totals totals = null;
        if (f.containsKey("totals")) {
            Map<String, Node> t = fields(mapping(f.get("totals"), "totals"), TOTALS_KEYS);
            Node owner = f.get("totals");
            totals = new Totals(decimal(require(t, "monthly", owner)), decimal(require(t, "annual", owner)),
                    decimal(require(t, "oneOff", owner)));
        }
        return new Expect(grants, advice, refusals, totals, null);
    }

    private Map<String, Node> fields(MappingNode map, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = text(t.getKeyNode());
            if (!allowed.contains(key)) {
                throw bad(line(t.getKeyNode()), "unknown key '" + key + "', allowed: "
                        + allowed.stream().sorted().toList() + "（未知的键名）");
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw bad(line(t.getKeyNode()), "key '" + key + "' appears twice（键名重复）");
            }
        }
        return out;
    }

    private MappingNode mapping(Node n, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        throw bad(n == null ? 1 : line(n), what + " must be a mapping");
    }

    private List<Node> sequence(Node n, String what) {
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        throw bad(line(n), what + " must be a list ([] for none)");
    }

    private Node require(Map<String, Node> f, String key, Node owner) {
        Node n = f.get(key);
        if (n == null) {
            throw bad(line(owner), "'" + key + "' is required here（缺少 " + key + "）");
        }
        return n;
    }

    private String optional(Map<String, Node> f, String key) {
        Node n = f.get(key);
        return n == null ? null : text(n);
    }

    private String text(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw bad(line(n), "expected a single value");
    }

    private BigDecimal decimal(Node n) {
        try {
            return new BigDecimal(text(n));
        } catch (NumberFormatException e) {
            throw bad(line(n), "expected an amount, was '" + text(n) + "'");
        }
    }

    private LocalDate date(Node n) {
        try {
            return LocalDate.parse(text(n));
        } catch (java.time.format.DateTimeParseException e) {
            throw bad(line(n), "expected a date YYYY-MM-DD, was '" + text(n) + "'");
        }
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    private BadTestCase bad(int line, String message) {
        return new BadTestCase(file + ":" + line + ": " + message);
    }
}
