package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated hostile requests of every class issue 8 names (a fixed seed, so a failure repeats): each must be a 4xx
 * problem+json (or, where the input may be valid, a 200), never a 5xx, and the valid request sent after it must be
 * answered. The counts by class and status are printed and written to target/hostile-requests.txt.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
@Timeout(300)
class HostileInputTest {

    private static final String CW = RawHttp.basic(Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
    private static final String DETERMINE = "/api/v1/determinations?asOf=2019-10-01";
    private static final Map<String, Map<Integer, Integer>> COUNTS = new TreeMap<>();
    private static final Set<String> REQUIRED = Set.of("householdId", "county", "residence", "povertyStatus", "members",
            "memberId", "birthDate", "type", "annualAmount", "date", "kind", "total", "basicInsurance",
            "seriousIllnessInsurance", "otherReimbursement", "certificate");

    @LocalServerPort
    int port;

    private final Random random = new Random(8);
    private final byte[] valid = Http.example().getBytes(StandardCharsets.UTF_8);

    private RawHttp.Response send(String target, String contentType, byte[] body) {
        String head = "POST " + target + " HTTP/1.1\nHost: localhost\nAuthorization: " + CW
                + (contentType == null ? "" : "\nContent-Type: " + contentType) + "\nContent-Length: " + body.length;
        return RawHttp.send(port, null, head, body);
    }

    /** One hostile request: never 5xx, an error always problem+json, 4xx unless {@code mayBeValid}; then a good one. */
    private void hostile(String kind, String target, String contentType, byte[] body, boolean mayBeValid) {
        RawHttp.Response r = send(target, contentType, body);
        COUNTS.computeIfAbsent(kind, k -> new TreeMap<>()).merge(r.status(), 1, Integer::sum);
        String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        assertThat(r.status()).as(kind + ": " + shown + " → " + r.body()).isLessThan(500);
        if (!(mayBeValid && r.status() == 200)) {
            assertThat(r.status()).as(kind + ": " + shown + " → " + r.body()).isBetween(400, 499);
            assertThat(r.contentType()).as(kind + ": " + shown).startsWith("application/problem+json");
            JsonNode p = Json.MAPPER.readTree(r.body());
            assertThat(p.get("status").intValue()).isEqualTo(r.status());
            assertThat(p.get("type").stringValue()).startsWith("urn:pzh-eligibility:problem:");
        }
        RawHttp.Response next = send(DETERMINE, "application/json", valid);
        assertThat(next.status()).as("the valid request after " + kind + ": " + next.body()).isEqualTo(200);
    }

    private void hostileJson(String kind, JsonNode body, boolean mayBeValid) {
        hostile(kind, DETERMINE, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), mayBeValid);
    }

    private static ObjectNode example() {
        return (ObjectNode) Json.MAPPER.readTree(Http.example());
    }

    /** Every (object, field) of the example, as paths the tests can change one at a time. */
    private static List<String[]> fieldPaths() {
        List<String[]> out = new ArrayList<>();
        walk(example(), new ArrayList<>(), out);
        return out;
    }

    private static void walk(JsonNode node, List<String> at, List<String[]> out) {
        if (node.isObject()) {
            Iterator<String> names = node.propertyNames().iterator();
            while (names.hasNext()) {
                String n = names.next();
                List<String> p = new ArrayList<>(at);
                p.add(n);
                out.add(p.toArray(String[]::new));
                walk(node.get(n), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<String> p = new ArrayList<>(at);
                p.add(Integer.toString(i));
                walk(node.get(i), p, out);
            }
        }
    }

    /** The example with the field at {@code path} changed by {@code change} (given its parent and name). */
    private static ObjectNode with(String[] path, Consumer<ObjectNode> change) {
        ObjectNode root = example();
        JsonNode parent = root;
        for (int i = 0; i < path.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(path[i])) : parent.get(path[i]);
        }
        change.accept((ObjectNode) parent);
        return root;
    }

    @Test
    void wrongTypesNullsAndMissingFields() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (String[] p : fieldPaths()) {
            String name = p[p.length - 1];
            JsonNode current = pick(p);
            JsonNode wrong = current.isString() ? f.numberNode(5) : current.isNumber() ? f.stringNode("12x")
                    : current.isBoolean() ? f.stringNode("yes") : current.isArray() ? f.objectNode()
                    : current.isObject() ? f.arrayNode() : f.numberNode(-1);
            hostileJson("wrong type", with(p, o -> o.set(name, wrong)), false);
            hostileJson("null", with(p, o -> o.putNull(name)), !REQUIRED.contains(name));
            hostileJson("missing field", with(p, o -> o.remove(name)), !REQUIRED.contains(name));
        }
    }

    private static JsonNode pick(String[] path) {
        JsonNode n = example();
        for (String s : path) {
            n = n.isArray() ? n.get(Integer.parseInt(s)) : n.get(s);
        }
        return n;
    }

    @Test
    void hugeNegativeAndOddNumbers() {
        String[] numbers = {"-1", "-0.01", "1e400", "-1e400", "1e-400", "99999999999999999999999999999999",
                "0.001", "2147483648", "-2147483649", "NaN", "Infinity", "1.0e10", "00012"};
        for (String n : numbers) {
            for (String field : new String[] {"annualAmount", "grade", "total", "basicInsurance"}) {
                String json = Http.example().replaceFirst("\"" + field + "\": [0-9.]+", "\"" + field + "\": " + n);
                // A large positive amount is a (strange) valid household; a negative one, NaN or a bad grade is not.
                boolean mayBeValid = !field.equals("grade") && !n.startsWith("-") && !n.equals("NaN")
                        && !n.equals("Infinity") && !n.equals("00012");
                hostile("number " + field, DETERMINE, "application/json", json.getBytes(StandardCharsets.UTF_8),
                        mayBeValid);
            }
        }
    }

    @Test
    void longStringsDeepNestingAndTooMany() {
        for (int len : new int[] {1_000, 100_000, 900_000}) {
            String s = "x".repeat(len);
            hostileJson("long string", with(new String[] {"householdId"}, o -> o.put("householdId", s)), true);
            hostileJson("long string", with(new String[] {"county"}, o -> o.put("county", s)), false);
            hostileJson("long string", with(new String[] {"members", "0", "relation"}, o -> o.put("relation", s)), false);
            hostileJson("long string", with(new String[] {s.substring(0, Math.min(len, 5000))}, o -> o.put(s.substring(0,
                    Math.min(len, 5000)), 1)), false);
        }
        for (int depth : new int[] {100, 1_001, 5_000, 100_000}) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            hostile("deep nesting", DETERMINE, "application/json",
                    Http.example().replace("\"hardship\": null", "\"hardship\": " + nested).getBytes(StandardCharsets.UTF_8),
                    false);
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            hostile("deep nesting", DETERMINE, "application/json",
                    Http.example().replace("\"hardship\": null", "\"hardship\": " + objects).getBytes(StandardCharsets.UTF_8),
                    false);
        }
        ObjectNode many = example();
        ArrayNode members = many.withArray("members");
        JsonNode template = members.get(1);
        for (int i = 0; i < 300; i++) {
            ObjectNode m = (ObjectNode) template.deepCopy();
            m.put("memberId", "x" + i);
            members.add(m);
        }
        hostileJson("many members", many, false);
        ObjectNode items = example();
        ArrayNode costs = (ArrayNode) items.get("members").get(0).get("medicalCosts");
        while (costs.size() < 61) {
            costs.add(costs.get(0).deepCopy());
        }
        hostileJson("many items", items, false);
        ObjectNode incomes = example();
        ArrayNode in = incomes.withArray("incomes");
        while (in.size() < 250) {
            in.add(in.get(0).deepCopy());
        }
        hostileJson("many items", incomes, false);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            batch.append(i == 0 ? "" : ",").append("{}");
        }
        hostile("many households", "/api/v1/determinations/batch?asOf=2019-10-01", "application/json",
                batch.append(']').toString().getBytes(StandardCharsets.UTF_8), false);
        hostile("body too large", DETERMINE, "application/json", new byte[(1 << 20) + 10], false);
    }

    @Test
    void invalidUtf8() {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
                (byte) 0x80, (byte) 0x80}};
        String text = Http.example();
        List<Integer> insideStrings = new ArrayList<>();
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                in = !in;
            } else if (in && c < 0x80) {
                insideStrings.add(i);
            }
        }
        for (byte[] b : bad) {
            for (int k = 0; k < 6; k++) {
                int at = insideStrings.get(random.nextInt(insideStrings.size()));
                byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
                byte[] suffix = text.substring(at).getBytes(StandardCharsets.UTF_8);
                byte[] body = new byte[prefix.length + b.length + suffix.length];
                System.arraycopy(prefix, 0, body, 0, prefix.length);
                System.arraycopy(b, 0, body, prefix.length, b.length);
                System.arraycopy(suffix, 0, body, prefix.length + b.length, suffix.length);
                hostile("invalid UTF-8", DETERMINE, "application/json", body, false);
            }
        }
        for (String esc : new String[] {"\\ud800", "\\udfff", "\\ud800\\ud800", "\\u0000", "\\u001b", "\\x41", "\\u12",
                "\\"}) {
            hostile("bad JSON escape", DETERMINE, "application/json",
                    text.replaceFirst("\"m2\"", "\"m2" + esc.replace("\\", "\\\\") + "\"").getBytes(StandardCharsets.UTF_8),
                    false);
        }
    }

    @Test
    void wrongAndMissingContentTypes() {
        for (String ct : new String[] {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "application/json-patch",
                "a".repeat(4000), "application/json; charset=\u0001", "*/*"}) {
            hostile("content type", DETERMINE, ct, valid, false);
        }
        hostile("not JSON", DETERMINE, "application/json", "household=1".getBytes(StandardCharsets.UTF_8), false);
        hostile("empty body", DETERMINE, "application/json", new byte[0], false);
        for (int cut : new int[] {1, 10, 100, 500, valid.length - 2}) {
            hostile("truncated JSON", DETERMINE, "application/json", java.util.Arrays.copyOf(valid, cut), false);
        }
        hostile("not an object", DETERMINE, "application/json", "[]".getBytes(StandardCharsets.UTF_8), false);
        hostile("not an object", DETERMINE, "application/json", "\"x\"".getBytes(StandardCharsets.UTF_8), false);
        hostile("not an array", "/api/v1/determinations/batch", "application/json", valid, false);
        hostile("trailing tokens", DETERMINE, "application/json", (Http.example() + "{}").getBytes(StandardCharsets.UTF_8),
                false);
    }

    @Test
    void unknownAndDuplicateFieldsAndDuplicateMembers() {
        for (String[] p : fieldPaths()) {
            if (p.length > 3) {
                continue;
            }
            hostileJson("unknown field", with(p, o -> o.put("unknownField" + random.nextInt(100), 1)), false);
        }
        String text = Http.example();
        for (String field : new String[] {"householdId", "county", "residence", "memberId", "birthDate", "annualAmount"}) {
            int at = text.indexOf("\"" + field + "\"");
            int end = text.indexOf(',', at);
            String pair = text.substring(at, end);
            hostile("duplicate field", DETERMINE, "application/json",
                    (text.substring(0, end) + ", " + pair + text.substring(end)).getBytes(StandardCharsets.UTF_8), false);
        }
        ObjectNode dup = example();
        ((ObjectNode) dup.get("members").get(2)).put("memberId", dup.get("members").get(0).get("memberId").stringValue());
        hostileJson("duplicate memberId", dup, false);
        ObjectNode dupAll = example();
        for (JsonNode m : dupAll.get("members")) {
            ((ObjectNode) m).put("memberId", "same");
        }
        hostileJson("duplicate memberId", dupAll, false);
    }

    @Test
    void badDatesAndEscapes() {
        for (String d : new String[] {"1985-02-30", "2019-13-01", "2019-00-10", "19-10-01", "2019/10/01", "x", "",
                "+99999-01-01", "2019-10-01T00:00:00", " 2019-10-01", "2019-10-01 ", "０２０１９-１０-０１", "2100-01-01"}) {
            hostileJson("bad date", with(new String[] {"members", "1", "birthDate"}, o -> o.put("birthDate", d)), false);
        }
        hostileJson("bad date", with(new String[] {"members", "1", "birthDate"}, o -> o.put("birthDate", 19851130)), false);
        for (String q : new String[] {"1800-01-01", "2019-02-30", "x", "%20%202019-10-01", "2019-10-01%00", "+99999-01-01",
                "%", "%zz", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "2019-10-0%31%", "%u0041"}) {
            hostile("bad asOf/escape", "/api/v1/determinations?asOf=" + q, "application/json", valid, false);
        }
        for (String q : new String[] {"%", "%zz", "%C0%AF", "%FF"}) {
            hostile("bad escape in name", "/api/v1/determinations?" + q + "=1", "application/json", valid, false);
        }
        ObjectNode body = example();
        body.put("asOf", "1800-01-01");
        hostileJson("bad date", body, false);
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder sb = new StringBuilder("hostile requests by class and status (each followed by a valid one, 200)\n");
        int total = 0;
        int fiveHundreds = 0;
        for (Map.Entry<String, Map<Integer, Integer>> e : COUNTS.entrySet()) {
            sb.append(String.format("%-22s %s%n", e.getKey(), e.getValue()));
            for (Map.Entry<Integer, Integer> s : e.getValue().entrySet()) {
                total += s.getValue();
                fiveHundreds += s.getKey() >= 500 ? s.getValue() : 0;
            }
        }
        sb.append("total ").append(total).append(", 5xx ").append(fiveHundreds).append('\n');
        System.out.print(sb);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/hostile-requests.txt"), sb.toString());
    }
}
