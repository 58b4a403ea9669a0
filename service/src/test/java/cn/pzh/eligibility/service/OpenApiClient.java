package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.pzh.eligibility.input.Json;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the service driven by its OpenAPI document, as a generated client would be: it sends the Accept
 * header the document lists for an operation and holds every answer to the document (documented status, media
 * type, and a body valid against the schema: JSON Schema 2020-12 with formats asserted and no property the schema
 * does not list).
 */
final class OpenApiClient {

    private final int port;
    JsonNode doc;
    ObjectNode strictComponents;
    final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** "METHOD /template" → the statuses it answered in this test. */
    final Map<String, Set<Integer>> answered = new TreeMap<>();
    /** The same, for the requests a caseworker sent. */
    final Map<String, Set<Integer>> answeredToCaseworker = new TreeMap<>();

    OpenApiClient(int port) {
        this.port = port;
        Answer r = send("GET", "/v3/api-docs", null, null, null, Map.of("Accept", "application/json"));
        assertThat(r.status()).isEqualTo(200);
        doc = Json.MAPPER.readTree(r.body());
        strictComponents = (ObjectNode) doc.get("components").deepCopy();
        // The test's copy refuses properties a schema does not name, so an answer cannot carry a field the
        // document hides (a generated client would drop it without a word).
        strictComponents.get("schemas").properties().forEach(e -> {
            ObjectNode s = (ObjectNode) e.getValue();
            if (s.has("properties") && !s.has("additionalProperties")) {
                s.put("additionalProperties", false);
            }
        });
    }

    // ---- the generated client's view ------------------------------------------------------------------------------

    interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    /** Fields of the register that carry personal data (names, identity numbers, phone, address). */
    static final Set<String> PERSONAL = Set.of("name", "idNumber", "maskedIdNumber", "headName", "memberName", "phone",
            "address", "township", "village", "detail");

    /**
     * An answer as a failure message may quote it: every personal field's value replaced, so that names and
     * identity numbers of the register never reach a test report; a body that is not JSON by its length alone.
     */
    static String shown(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (RuntimeException notJson) {
            return "(" + body.length + " bytes, not JSON)";
        }
        String s = masked(node).toString();
        return s.length() > 800 ? s.substring(0, 800) + "…" : s;
    }

    static JsonNode masked(JsonNode value) {
        JsonNode copy = value.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (String f : new ArrayList<>(o.propertyNames())) {
                if (PERSONAL.contains(f) && !o.get(f).isNull()) {
                    o.put(f, "***");
                } else {
                    mask(o.get(f));
                }
            }
        } else if (n != null && n.isArray()) {
            n.forEach(OpenApiClient::mask);
        }
    }

    void forEachOperation(OperationVisitor v) {
        doc.get("paths").properties().forEach(p -> {
            if (!p.getKey().startsWith("/api/")) {
                return;
            }
            p.getValue().properties().forEach(m -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(m.getKey())) {
                    v.visit(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), m.getValue());
                }
            });
        });
    }

    JsonNode operation(String method, String template) {
        JsonNode op = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (op.isMissingNode()) {
            fail("the document has no operation " + method + " " + template);
        }
        return op;
    }

    /** As {@code expected}: whatever status the operation answers, as long as the document lists it. */
    static final int ANY = -1;

    Answer call(String method, String template, String path, String user, int expected) {
        return call(method, template, path, user, null, null, Map.of(), expected);
    }

    /**
     * Sends the request as a generated client would (Accept: every media type the operation documents, unless
     * {@code headers} says otherwise) and holds the answer to the document.
     */
    Answer call(String method, String template, String path, String user, String contentType, byte[] body,
            Map<String, String> headers, int expected) {
        JsonNode op = operation(method, template);
        Set<String> accept = new LinkedHashSet<>();
        op.get("responses").forEach(r -> r.path("content").propertyNames().forEach(accept::add));
        Map<String, String> h = new HashMap<>(headers);
        h.putIfAbsent("Accept", String.join(", ", accept));
        Answer a = send(method, path, user, contentType, body, h);
        String name = method + " " + template;
        answered.computeIfAbsent(name, k -> new TreeSet<>()).add(a.status());
        if ("caseworker".equals(user)) {
            answeredToCaseworker.computeIfAbsent(name, k -> new TreeSet<>()).add(a.status());
        }
        if (expected != ANY) {
            assertThat(a.status()).as(name + " (" + path + ") answered: " + shown(a.body())).isEqualTo(expected);
        }
        JsonNode documented = op.get("responses").get(String.valueOf(a.status()));
        if (documented == null) {
            fail(name + " answered " + a.status() + ", which the document does not list");
        }
        JsonNode content = documented.get("content");
        if (content == null || content.isEmpty()) {
            assertThat(a.body()).as(name + " " + a.status() + " documents no body").isEmpty();
            return a;
        }
        String type = a.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode media = content.get(type);
        if (media == null) {
            fail(name + " answered " + a.status() + " as " + a.contentType() + "; the document lists "
                    + content.propertyNames());
        }
        String where = name + " " + a.status() + " " + type;
        if (type.equals("application/json") || type.endsWith("+json")) {
            assertValid(where, pointer(media.get("schema")), a.json());
        } else if (type.equals("application/x-ndjson")) {
            JsonNode line = media.path("x-line-schema");
            int n = 0;
            for (String l : a.text().split("\n")) {
                n++;
                if (l.isBlank()) {
                    continue;
                }
                JsonNode node = Json.MAPPER.readTree(l);
                if (!line.isMissingNode()) {
                    assertValid(where + " line " + n, pointer(line), node);
                } else {
                    assertThat(node.isObject()).as(where + " line " + n).isTrue();
                }
            }
        } else if (type.equals("text/html")) {
            // A page names the household's members: asserted without quoting it.
            assertThat(a.text().toLowerCase(Locale.ROOT).contains("<html")).as(where + " is an HTML page").isTrue();
        } else if (type.equals("text/csv")) {
            // A spreadsheet for caseworkers (names in it): UTF-8 with a BOM, a header line, CRLF line ends.
            assertThat(a.text().startsWith("\uFEFF") && a.text().contains("\r\n")).as(where
                    + " is a CSV file with a BOM and CRLF line ends (" + a.body().length + " bytes)").isTrue();
        } else {
            fail(where + ": the test does not know how to check this media type");
        }
        return a;
    }

    /** A media type the operation does not answer with, to be refused with 406. */
    String unacceptable(JsonNode op) {
        Set<String> produced = new LinkedHashSet<>();
        op.get("responses").forEach(r -> r.path("content").propertyNames().forEach(produced::add));
        return produced.contains("text/csv") ? "application/xml" : "text/csv";
    }

    /** A schema as a pointer into the components when it is a bare reference, else the schema itself. */
    private static Object pointer(JsonNode schema) {
        if (schema.size() == 1 && schema.has("$ref")) {
            return schema.get("$ref").stringValue();
        }
        return schema;
    }

    void assertValid(String where, Object schema, JsonNode value) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", strictComponents);
        if (schema instanceof String ref) {
            root.put("$ref", ref);
        } else {
            root.putArray("allOf").add((JsonNode) schema);
        }
        Schema s = registry.getSchema(root);
        List<Error> errors = s.validate(value);
        if (!errors.isEmpty()) {
            StringBuilder sb = new StringBuilder(where + " does not match its documented schema:");
            errors.stream().limit(20).forEach(e -> {
                String at = String.valueOf(e.getInstanceLocation());
                // A message about a personal field may quote its value.
                boolean personal = PERSONAL.stream().anyMatch(f -> at.contains(f));
                sb.append("\n  ").append(at).append(": ").append(personal ? "(message masked: personal field)"
                        : e.getMessage());
            });
            String shown = masked(value).toString();
            sb.append("\n  answer (personal fields masked): ")
                    .append(shown.length() > 800 ? shown.substring(0, 800) + "…" : shown);
            fail(sb.toString());
        }
    }

    // ---- plain HTTP ------------------------------------------------------------------------------------------------

    record Answer(int status, String contentType, byte[] body, Map<String, List<String>> headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static final String BOUNDARY = "contract-test-boundary-7d1f";

    static String multipartType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    static byte[] multipart(Map<String, String> fields, String fileName, String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> ordered = new LinkedHashMap<>(new TreeMap<>(fields));
        ordered.forEach((k, v) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + k
                + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    Answer send(String method, String path, String user, String contentType, byte[] body,
            Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            String password = user.equals("policy") ? Http.POLICY_PASSWORD : Http.CASEWORKER_PASSWORD;
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
