package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The API over real HTTP against the real rules in ../rules: no mocks anywhere. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
class DeterminationApiTest {

    private static final String DETERMINE = "/api/v1/determinations";

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** "CODE member" → amount as written, e.g. "DIBAO_FALLBACK -" → "930.00". */
    static Map<String, String> grants(JsonNode determination) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : determination.get("entitlements")) {
            String member = e.get("memberId").isNull() ? "-" : e.get("memberId").stringValue();
            out.put(e.get("code").stringValue() + " " + member, e.get("amount").decimalValue().toPlainString());
        }
        return out;
    }

    static void assertExampleAmounts(JsonNode d) {
        assertThat(d.get("householdId").stringValue()).isEqualTo("510411-2019-000123");
        assertThat(d.get("asOf").stringValue()).isEqualTo("2019-10-01");
        assertThat(grants(d)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DIBAO_FALLBACK -", "930.00",
                "DIBAO_CLASSIFIED_SUPPLEMENT m1", "82.00",
                "DIBAO_CLASSIFIED_SUPPLEMENT m2", "123.00",
                "DIBAO_CLASSIFIED_SUPPLEMENT m3", "41.00",
                "DISABILITY_LIVING_SUBSIDY m1", "90.00",
                "SEVERE_DISABILITY_NURSING_SUBSIDY m1", "50.00",
                "MEDICAL_ASSISTANCE m1", "2520.00",
                "PENSION_CONTRIBUTION m2", "100.00",
                "EDUCATION_AID m3", "1000.00"));
        // By hand (POLICY.md §3): m2 seriously ill and m1 chronically ill in a registered-poor household get the
        // 三个一批 advisories (2.1.6.2); m2 is not enrolled in the resident pension.
        List<String> advisories = new ArrayList<>();
        d.get("advisories").forEach(a -> advisories.add(a.get("code").stringValue() + " " + a.get("memberId").stringValue()));
        assertThat(advisories).containsExactly("SERIOUS_ILLNESS_TREATMENT m2", "CHRONIC_DISEASE_SERVICE m1", "PENSION_ENROL m2");
        assertThat(d.get("totals").get("monthly").decimalValue()).isEqualByComparingTo("1316.00");
        assertThat(d.get("totals").get("annual").decimalValue()).isEqualByComparingTo("1100.00");
        assertThat(d.get("totals").get("oneOff").decimalValue()).isEqualByComparingTo("2520.00");
    }

    static List<String> paths(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.get("errors").forEach(e -> out.add(e.get("path").stringValue()));
        return out;
    }

    static void assertProblem(Http.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").intValue()).isEqualTo(status);
        assertThat(p.get("title").stringValue()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void exampleHouseholdGetsTheAmountsOfTheCommandLineTool() {
        Http.Response r = http.postJson(DETERMINE + "?asOf=2019-10-01", Http.example());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertExampleAmounts(r.json());
        JsonNode entitlement = r.json().get("entitlements").get(0);
        assertThat(entitlement.get("clause").stringValue()).isEqualTo("2.1.7.1");
        assertThat(entitlement.get("period").stringValue()).isEqualTo("MONTHLY");
        assertThat(entitlement.get("explanation").stringValue()).contains("410");
    }

    @Test
    void asOfMayComeInTheBody() {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Http.example());
        body.put("asOf", "2019-10-01");
        Http.Response r = http.postJson(DETERMINE, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertExampleAmounts(r.json());
        // Both given and the same: fine.
        assertThat(http.postJson(DETERMINE + "?asOf=2019-10-01", body.toString()).status()).isEqualTo(200);
    }

    @Test
    void asOfInQueryAndBodyMustAgree() {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Http.example());
        body.put("asOf", "2019-10-02");
        Http.Response r = http.postJson(DETERMINE + "?asOf=2019-10-01", body.toString());
        assertProblem(r, 400);
        assertThat(paths(r.json())).containsExactly("asOf");
    }

    @Test
    void withoutAsOfTheDateIsToday() {
        // Today the example's grandchild is of working age, where laborCapacity is required.
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Http.example());
        ((ObjectNode) body.get("members").get(2)).put("laborCapacity", "NONE");
        // Today is read before and after the call: at midnight in Panzhihua either date is right, and no other.
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        String before = java.time.LocalDate.now(zone).toString();
        Http.Response r = http.postJson(DETERMINE, body.toString());
        String after = java.time.LocalDate.now(zone).toString();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("asOf").stringValue()).isIn(before, after);
    }

    @Test
    void badHouseholdIsRefusedWithEveryFieldPath() {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Http.example());
        ((ObjectNode) body.get("members").get(0).get("disability")).put("grade", 7);
        ((ObjectNode) body.get("incomes").get(0)).put("annualAmount", -5);
        ((ObjectNode) body.get("members").get(1)).put("birthDate", "1985-02-30");
        body.put("residence", "CITY");
        Http.Response r = http.postJson(DETERMINE + "?asOf=2019-10-01", body.toString());
        assertProblem(r, 400);
        JsonNode p = r.json();
        assertThat(paths(p)).containsExactlyInAnyOrder("members[0].disability.grade", "incomes[0].annualAmount",
                "members[1].birthDate", "residence");
        assertThat(p.get("householdId").stringValue()).isEqualTo("510411-2019-000123");
        for (JsonNode e : p.get("errors")) {
            assertThat(e.get("message").stringValue()).isNotBlank();
            assertThat(e.get("messageZh").stringValue()).isNotBlank();
        }
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(Http.example());
        body.put("favouriteColour", "red");
        ((ObjectNode) body.get("members").get(2)).put("nickname", "x");
        Http.Response r = http.postJson(DETERMINE + "?asOf=2019-10-01", body.toString());
        assertProblem(r, 400);
        assertThat(paths(r.json())).containsExactlyInAnyOrder("favouriteColour", "members[2].nickname");
        assertThat(r.json().get("errors").get(0).get("message").stringValue()).contains("unknown field");
    }

    @Test
    void datesTheEngineChecksAgainstAsOfAreFieldErrorsToo() {
        Http.Response r = http.postJson(DETERMINE + "?asOf=2019-05-01", Http.example());
        assertProblem(r, 400);
        assertThat(paths(r.json())).contains("members[0].medicalCosts[0].date");
    }

    static Stream<Arguments> clientMistakes() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String longNumber = "{\"householdId\":\"x\",\"incomes\":[{\"type\":\"WAGE\",\"annualAmount\":1" + "0".repeat(5000) + "}]}";
        String hugeExponent = Http.example().replace("3600.00", "1e999999999");
        String tinyExponent = Http.example().replace("3600.00", "1e-999999999");
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", "{\"householdId\": ", 400),
                Arguments.of("empty body", "application/json", "", 400),
                Arguments.of("blank body", "application/json", "  \n ", 400),
                Arguments.of("JSON null", "application/json", "null", 400),
                Arguments.of("a string", "application/json", "\"household\"", 400),
                Arguments.of("a number", "application/json", "42", 400),
                Arguments.of("an array", "application/json", "[" + Http.example() + "]", 400),
                Arguments.of("two objects", "application/json", "{} {}", 400),
                Arguments.of("duplicate key", "application/json", "{\"householdId\":\"a\",\"householdId\":\"b\"}", 400),
                Arguments.of("deep nesting", "application/json", deep, 400),
                Arguments.of("5000-digit number", "application/json", longNumber, 400),
                Arguments.of("huge exponent", "application/json", hugeExponent, 400),
                Arguments.of("tiny exponent", "application/json", tinyExponent, 400),
                Arguments.of("members not a list", "application/json",
                        "{\"householdId\":\"x\",\"county\":\"东区\",\"residence\":\"URBAN\",\"povertyStatus\":\"NONE\",\"members\":{}}", 400),
                Arguments.of("not UTF-8 JSON", "application/json", "\u0000\u0001\u0002", 400),
                Arguments.of("text/plain", "text/plain", Http.example(), 415),
                Arguments.of("form encoded", "application/x-www-form-urlencoded", "a=b", 415),
                Arguments.of("no content type", null, Http.example(), 415));
    }

    @ParameterizedTest(name = "{0} → {3}")
    @MethodSource("clientMistakes")
    void nothingAClientSendsIsAServerError(String what, String contentType, String body, int status) {
        Http.Response r = http.post(DETERMINE + "?asOf=2019-10-01", contentType, body);
        assertProblem(r, status);
        if (status == 400) {
            JsonNode first = r.json().get("errors").get(0);
            assertThat(first.get("path").stringValue()).isNotBlank();
            assertThat(first.get("messageZh").stringValue()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "asOf={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2019-13-01", "yesterday", "2019-02-29", "+99999-01-01",
            "1800-01-01"})
    void badAsOfIsA400(String asOf) {
        Http.Response r = http.postJson(DETERMINE + "?asOf=" + java.net.URLEncoder.encode(asOf,
                java.nio.charset.StandardCharsets.UTF_8), Http.example());
        assertProblem(r, 400);
        assertThat(paths(r.json())).isNotEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnread() {
        // 1.5 MiB: over the 1 MiB limit, under what Tomcat swallows, so the client reads the answer.
        String padded = Http.example().replaceFirst("\\{", "{" + " ".repeat(3 << 19));
        Http.Response r = http.postJson(DETERMINE + "?asOf=2019-10-01", padded);
        assertProblem(r, 413);
        assertThat(r.json().get("errors").get(0).get("messageZh").stringValue()).contains("字节");
    }

    @Test
    void wrongMethodAndUnknownPathAreProblemsToo() {
        assertProblem(http.get(DETERMINE), 405);
        // An API path no rule names needs the policy role (deny by default), so only policy staff learn it is absent.
        assertProblem(http.get("/api/v1/no-such-thing"), 403);
        assertProblem(Http.policy(port).get("/api/v1/no-such-thing"), 404);
    }

    @Test
    void batchMixesDeterminationsAndErrors() {
        ArrayNode batch = Json.MAPPER.createArrayNode();
        batch.add(Json.MAPPER.readTree(Http.example()));
        ObjectNode bad = (ObjectNode) Json.MAPPER.readTree(Http.example());
        bad.put("householdId", "BAD-1");
        ((ObjectNode) bad.get("members").get(0)).put("birthDate", "not a date");
        bad.put("colour", "red");
        batch.add(bad);
        batch.add(Json.MAPPER.readTree("\"not a household\""));
        ObjectNode ownDate = (ObjectNode) Json.MAPPER.readTree(Http.example());
        ownDate.put("asOf", "2022-01-01");
        batch.add(ownDate);

        Http.Response r = http.postJson(DETERMINE + "/batch?asOf=2019-10-01", batch.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode out = r.json();
        assertThat(out.get("count").intValue()).isEqualTo(4);
        assertThat(out.get("failed").intValue()).isEqualTo(3);
        JsonNode results = out.get("results");

        assertThat(results.get(0).get("index").intValue()).isZero();
        assertThat(results.get(0).get("status").stringValue()).isEqualTo("OK");
        assertExampleAmounts(results.get(0).get("determination"));

        assertThat(results.get(1).get("index").intValue()).isEqualTo(1);
        assertThat(results.get(1).get("status").stringValue()).isEqualTo("INVALID");
        assertThat(results.get(1).get("householdId").stringValue()).isEqualTo("BAD-1");
        assertThat(results.get(1).has("determination")).isFalse();
        assertThat(paths(results.get(1))).containsExactlyInAnyOrder("members[0].birthDate", "colour");

        assertThat(results.get(2).get("status").stringValue()).isEqualTo("INVALID");
        assertThat(paths(results.get(2))).containsExactly("$");

        // A household's own asOf wins over the query's default only when the query gives none; here they differ.
        assertThat(results.get(3).get("status").stringValue()).isEqualTo("INVALID");
        assertThat(paths(results.get(3))).containsExactly("asOf");
    }

    @Test
    void batchHouseholdsMayCarryTheirOwnDate() {
        ObjectNode a = (ObjectNode) Json.MAPPER.readTree(Http.example());
        a.put("asOf", "2019-10-01");
        ObjectNode b = (ObjectNode) Json.MAPPER.readTree(Http.example());
        b.put("asOf", "2022-01-01");
        Http.Response r = http.postJson(DETERMINE + "/batch", Json.MAPPER.createArrayNode().add(a).add(b).toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        assertExampleAmounts(results.get(0).get("determination"));
        assertThat(results.get(1).get("determination").get("asOf").stringValue()).isEqualTo("2022-01-01");
        assertThat(grants(results.get(1).get("determination"))).containsKey("DIBAO_FALLBACK -");
    }

    @Test
    void batchOfMoreThanAThousandIsRefused() {
        String one = Http.example();
        String body = "[" + String.join(",", java.util.Collections.nCopies(1001, one)) + "]";
        Http.Response r = http.postJson(DETERMINE + "/batch?asOf=2019-10-01", body);
        assertProblem(r, 400);
        assertThat(r.json().get("errors").get(0).get("messageZh").stringValue()).contains("1000");
    }

    @Test
    void batchOfExactlyAThousandIsDetermined() {
        String body = "[" + String.join(",", java.util.Collections.nCopies(1000, Http.example())) + "]";
        Http.Response r = http.postJson(DETERMINE + "/batch?asOf=2019-10-01", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("count").intValue()).isEqualTo(1000);
        assertThat(r.json().get("failed").intValue()).isZero();
    }

    @Test
    void batchMustBeAnArrayAndItsAsOfADate() {
        assertProblem(http.postJson(DETERMINE + "/batch", Http.example()), 400);
        assertProblem(http.postJson(DETERMINE + "/batch", "[1,"), 400);
        assertProblem(http.postJson(DETERMINE + "/batch", ""), 400);
        assertProblem(http.postJson(DETERMINE + "/batch?asOf=2019-99-01", "[]"), 400);
        Http.Response empty = http.postJson(DETERMINE + "/batch?asOf=2019-10-01", "[]");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("count").intValue()).isZero();
    }
}
