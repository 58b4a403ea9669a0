package cn.pzh.eligibility.params;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one {@code rules/parameters/*.yaml} file with a strict schema: every unknown key, missing date or
 * reference, wrong type or out-of-order date is a problem with its file and line. Reads the YAML node tree
 * (not objects) so that every problem has a line.
 */
public final class ParameterFileReader {

    static final Set<String> PARAMETER_KEYS = Set.of("description", "type", "unit", "values");
    static final Set<String> VALUE_KEYS = Set.of("from", "value", "reference", "note");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");

    private final String file;
    private final List<Problem> problems;

    private ParameterFileReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Adds the file's parameters to {@code into} and its problems to {@code problems}. */
    public static void read(Path path, String displayName, Map<String, Parameter> into, List<Problem> problems) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.error(displayName, 0, "cannot read file: " + e.getMessage() + "（无法读取文件）"));
            return;
        }
        new ParameterFileReader(displayName, problems).readText(text, into);
    }

    private void readText(String text, Map<String, Parameter> into) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(Problem.error(file, line, "not valid YAML: " + e.getProblem() + "（YAML 格式错误）"));
            return;
        } catch (RuntimeException e) {
            problems.add(Problem.error(file, 0, "not valid YAML: " + e.getMessage() + "（YAML 格式错误）"));
            return;
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode map)) {
            error(root, "a parameter file is a mapping of parameter names（参数文件应为“参数名: 定义”的映射）");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String name = scalar(t.getKeyNode());
            if (name == null) {
                continue;
            }
            if (!seen.add(name) || into.containsKey(name)) {
                error(t.getKeyNode(), "parameter '" + name + "' is defined twice（参数重复定义）");
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                error(t.getKeyNode(), "parameter name '" + name + "' must be lower-case words joined by dots"
                        + "（参数名应为小写英文单词，以点分隔）");
                continue;
            }
            Parameter p = parameter(name, t.getKeyNode(), t.getValueNode());
            if (p != null) {
                into.put(name, p);
            }
        }
    }

    private Parameter parameter(String name, Node keyNode, Node node) {
        if (!(node instanceof MappingNode map)) {
            error(node, "parameter '" + name + "' must have description, type, unit and values（参数定义缺少内容）");
            return null;
        }
        Map<String, Node> fields = fields(map, PARAMETER_KEYS, "parameter '" + name + "'");
        String description = requiredText(fields, "description", map, name);
        String unit = fields.containsKey("unit") ? scalar(fields.get("unit")) : null;
        ParamType type = null;
        String typeText = requiredText(fields, "type", map, name);
        if (typeText != null) {
            try {
                type = ParamType.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                error(fields.get("type"), "unknown type '" + typeText + "' of '" + name + "', expected one of "
                        + List.of(ParamType.values()) + "（未知的参数类型）");
            }
        }
        Node valuesNode = fields.get("values");
        if (valuesNode == null) {
            error(map, "parameter '" + name + "' has no values（参数没有任何取值）");
            return null;
        }
        if (!(valuesNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            error(valuesNode, "values of '" + name + "' must be a non-empty list of {from, value, reference}"
                    + "（values 应为列表，每项含 from、value、reference）");
            return null;
        }
        if (description == null || type == null) {
            return null;
        }
        List<ParamValue> values = new ArrayList<>();
        LocalDate previous = null;
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode vm)) {
                error(item, "each value of '" + name + "' is a mapping with from, value and reference（取值格式错误）");
                continue;
            }
            Map<String, Node> vf = fields(vm, VALUE_KEYS, "a value of '" + name + "'");
            LocalDate from = null;
            Node fromNode = vf.get("from");
            if (fromNode == null) {
                error(vm, "a value of '" + name + "' has no 'from' date（取值缺少生效日期 from）");
            } else {
                from = date(fromNode, "from");
            }
            String reference = vf.containsKey("reference") ? scalar(vf.get("reference")) : null;
            if (reference == null || reference.isBlank()) {
                error(vm, "a value of '" + name + "' has no 'reference' to the document that sets it"
                        + "（取值缺少依据文件 reference）");
            }
            Node valueNode = vf.get("value");
            Object value = null;
            if (valueNode == null) {
                error(vm, "a value of '" + name + "' has no 'value'（取值缺少 value）");
            } else {
                value = typed(type, valueNode, name);
            }
            if (from != null && previous != null) {
                if (from.equals(previous)) {
                    error(fromNode, "two values of '" + name + "' hold from the same date " + from
                            + "（同一生效日期有两个取值）");
                } else if (from.isBefore(previous)) {
                    error(fromNode, "values of '" + name + "' are out of date order: " + from + " comes after "
                            + previous + "（取值应按生效日期从早到晚排列）");
                }
            }
            if (from != null) {
                previous = from;
            }
            if (from != null && value != null && reference != null && !reference.isBlank()) {
                values.add(new ParamValue(name, description, unit, type, from, value, reference, file,
                        vm.getStartMark().getLine() + 1));
            }
        }
        return new Parameter(name, description, unit, type, values, file, keyNode.getStartMark().getLine() + 1);
    }

    private Object typed(ParamType type, Node node, String name) {
        if (type == ParamType.codes) {
            if (!(node instanceof SequenceNode seq)) {
                error(node, "value of '" + name + "' must be a list of codes（取值应为代码列表）");
                return null;
            }
            List<String> codes = new ArrayList<>();
            for (Node n : seq.getValue()) {
                String s = scalar(n);
                if (s != null) {
                    codes.add(s);
                }
            }
            return List.copyOf(codes);
        }
        if (!(node instanceof ScalarNode sn)) {
            error(node, "value of '" + name + "' must be a single " + type + "（取值应为单个值）");
            return null;
        }
        Tag tag = sn.getTag();
        try {
            return switch (type) {
                case amount, rate -> {
                    if (!tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT)) {
                        throw new IllegalArgumentException("a number");
                    }
                    BigDecimal d = new BigDecimal(sn.getValue());
                    if (d.signum() < 0 || (type == ParamType.rate && d.compareTo(BigDecimal.ONE) > 0)) {
                        throw new IllegalArgumentException(type == ParamType.rate ? "a rate from 0 to 1" : "not negative");
                    }
                    yield d;
                }
                case integer -> {
                    if (!tag.equals(Tag.INT)) {
                        throw new IllegalArgumentException("a whole number");
                    }
                    yield Integer.valueOf(sn.getValue());
                }
                case date -> LocalDate.parse(sn.getValue());
                case flag -> {
                    if (!tag.equals(Tag.BOOL)) {
                        throw new IllegalArgumentException("true or false");
                    }
                    yield Boolean.valueOf(sn.getValue().toLowerCase());
                }
                case codes -> throw new IllegalStateException();
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            String expected = e instanceof DateTimeParseException || e instanceof NumberFormatException
                    ? "a valid " + type : e.getMessage();
            error(node, "value '" + sn.getValue() + "' of '" + name + "' must be " + expected + " (type " + type + ")"
                    + "（取值类型不符）");
            return null;
        }
    }

    /** Converts an override given in a test-case or request to the parameter's type. */
    static Object convert(ParamType type, Object raw) {
        String s = String.valueOf(raw);
        return switch (type) {
            case amount, rate -> new BigDecimal(s);
            case integer -> Integer.valueOf(s);
            case date -> LocalDate.parse(s);
            case flag -> {
                if (!s.equals("true") && !s.equals("false")) {
                    throw new IllegalArgumentException("expected true or false, was " + s);
                }
                yield Boolean.valueOf(s);
            }
            case codes -> raw instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(s.split(",\\s*"));
        };
    }

    private Map<String, Node> fields(MappingNode map, Set<String> allowed, String what) {
        Map<String, Node> out = new java.util.LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode());
            if (key == null) {
                continue;
            }
            if (!allowed.contains(key)) {
                error(t.getKeyNode(), "unknown key '" + key + "' in " + what + ", allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + "（未知的键名，可能拼写错误）");
            } else if (out.put(key, t.getValueNode()) != null) {
                error(t.getKeyNode(), "key '" + key + "' appears twice in " + what + "（键名重复）");
            }
        }
        return out;
    }

    private String requiredText(Map<String, Node> fields, String key, Node owner, String name) {
        Node n = fields.get(key);
        if (n == null) {
            error(owner, "parameter '" + name + "' has no '" + key + "'（参数缺少 " + key + "）");
            return null;
        }
        String s = scalar(n);
        if (s == null || s.isBlank()) {
            error(n, "'" + key + "' of '" + name + "' is empty（" + key + " 不能为空）");
            return null;
        }
        return s;
    }

    private LocalDate date(Node n, String key) {
        String s = scalar(n);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            error(n, "'" + key + "' must be a date as YYYY-MM-DD, was '" + s + "'（日期格式应为 YYYY-MM-DD）");
            return null;
        }
    }

    private String scalar(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        error(n, "expected a single value here（此处应为单个值）");
        return null;
    }

    private void error(Node at, String message) {
        problems.add(Problem.error(file, at.getStartMark().getLine() + 1, message));
    }
}
