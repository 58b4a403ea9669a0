package cn.pzh.eligibility.input;

import java.math.BigDecimal;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A household written in YAML becomes the same JSON tree the reader takes from JSON, so that YAML test-cases go
 * through exactly the validation a real request does. Dates stay text, as they are in JSON.
 */
public final class YamlTree {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final java.util.Set<String> TRUE_WORDS = java.util.Set.of("true", "yes", "on");

    private YamlTree() {
    }

    public static JsonNode toJson(Node node) {
        if (node instanceof MappingNode map) {
            ObjectNode o = F.objectNode();
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
                o.set(key, toJson(t.getValueNode()));
            }
            return o;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode a = F.arrayNode();
            seq.getValue().forEach(n -> a.add(toJson(n)));
            return a;
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return F.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            // YAML 1.1 (what SnakeYAML resolves) also writes true as yes/on: "employed: yes" is an employed member.
            return F.booleanNode(TRUE_WORDS.contains(s.getValue().toLowerCase(java.util.Locale.ROOT)));
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            try {
                BigDecimal d = new BigDecimal(s.getValue().replace("_", ""));
                // Whole numbers stay integral, as JSON's "2" is, so "grade: 2" reads the same in YAML and JSON.
                return tag.equals(Tag.INT) ? F.numberNode(d.toBigIntegerExact()) : F.numberNode(d);
            } catch (NumberFormatException e) {
                return F.stringNode(s.getValue());
            }
        }
        return F.stringNode(s.getValue());
    }
}
