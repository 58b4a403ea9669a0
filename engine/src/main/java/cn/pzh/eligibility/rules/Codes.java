package cn.pzh.eligibility.rules;

import cn.pzh.eligibility.params.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The catalogue of entitlement and advisory codes ({@code rules/codes.yaml}): Chinese name, subject, period and
 * clause of each, in the order a determination lists them.
 */
public final class Codes {

    public enum Period { MONTHLY, ANNUAL, ONE_OFF }

    public enum Subject { household, member }

    public record Code(String code, String name, Subject subject, Period period, String clause, int order) {
    }

    private static final Set<String> SECTIONS = Set.of("entitlements", "advisories");
    private static final Set<String> ENTITLEMENT_KEYS = Set.of("name", "subject", "period", "clause");
    private static final Set<String> ADVISORY_KEYS = Set.of("name", "subject", "clause");

    private final Map<String, Code> entitlements;
    private final Map<String, Code> advisories;

    private Codes(Map<String, Code> entitlements, Map<String, Code> advisories) {
        this.entitlements = entitlements;
        this.advisories = advisories;
    }

    public Map<String, Code> entitlements() {
        return entitlements;
    }

    public Map<String, Code> advisories() {
        return advisories;
    }

    /** An entitlement or advisory code; null when unknown. */
    public Code find(String code) {
        Code c = entitlements.get(code);
        return c != null ? c : advisories.get(code);
    }

    public static Codes read(Path path, String display, List<Problem> problems) {
        Map<String, Code> ent = new LinkedHashMap<>();
        Map<String, Code> adv = new LinkedHashMap<>();
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .compose(new StringReader(Files.readString(path, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            problems.add(Problem.error(display, 0, "cannot read the code catalogue: " + e.getMessage() + "（无法读取代码目录）"));
            return new Codes(ent, adv);
        } catch (MarkedYAMLException e) {
            problems.add(Problem.error(display, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem() + "（YAML 格式错误）"));
            return new Codes(ent, adv);
        }
        if (!(root instanceof MappingNode map)) {
            problems.add(Problem.error(display, 1, "expected 'entitlements:' and 'advisories:'（应包含 entitlements 与 advisories）"));
            return new Codes(ent, adv);
        }
        int order = 0;
        for (NodeTuple section : map.getValue()) {
            String name = text(section.getKeyNode());
            if (!SECTIONS.contains(name)) {
                problems.add(at(display, section.getKeyNode(), "unknown section '" + name
                        + "', expected entitlements or advisories（未知的段落）"));
                continue;
            }
            boolean isEntitlement = name.equals("entitlements");
            if (!(section.getValueNode() instanceof MappingNode codes)) {
                problems.add(at(display, section.getValueNode(), "expected code entries（应列出代码）"));
                continue;
            }
            for (NodeTuple entry : codes.getValue()) {
                String code = text(entry.getKeyNode());
                if (!(entry.getValueNode() instanceof MappingNode fields)) {
                    problems.add(at(display, entry.getValueNode(), "code " + code + " needs name, subject and clause"));
                    continue;
                }
                Map<String, String> f = new LinkedHashMap<>();
                for (NodeTuple t : fields.getValue()) {
                    String key = text(t.getKeyNode());
                    Set<String> allowed = isEntitlement ? ENTITLEMENT_KEYS : ADVISORY_KEYS;
                    if (!allowed.contains(key)) {
                        problems.add(at(display, t.getKeyNode(), "unknown key '" + key + "' for " + code
                                + ", allowed: " + allowed + "（未知的键名）"));
                    } else {
                        f.put(key, text(t.getValueNode()));
                    }
                }
                try {
                    Code c = new Code(code, req(f, "name"), Subject.valueOf(req(f, "subject")),
                            isEntitlement ? Period.valueOf(req(f, "period")) : null, req(f, "clause"), order++);
                    if (ent.containsKey(code) || adv.containsKey(code)) {
                        problems.add(at(display, entry.getKeyNode(), "code " + code + " is listed twice（代码重复）"));
                    }
                    (isEntitlement ? ent : adv).put(code, c);
                } catch (IllegalArgumentException e) {
                    problems.add(at(display, entry.getKeyNode(), "code " + code + ": " + e.getMessage()));
                }
            }
        }
        return new Codes(ent, adv);
    }

    private static String req(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing '" + key + "'（缺少 " + key + "）");
        }
        return v;
    }

    private static String text(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : String.valueOf(n);
    }

    private static Problem at(String file, Node n, String message) {
        return Problem.error(file, n.getStartMark().getLine() + 1, message);
    }
}
