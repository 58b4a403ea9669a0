package cn.pzh.eligibility.service.policy;

import static cn.pzh.eligibility.service.PageHouseholds.householdJson;
import static cn.pzh.eligibility.service.PageHouseholds.memberJson;
import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Proposals over real HTTP on a copy of the rules and a small register of four households whose impact is worked
 * out by hand from POLICY.md (DIBAO_FALLBACK = standard × n − countable income ÷ 12, granted while the yearly
 * income is below standard × 12 × n). The members are 40-year-olds who cannot work and have an employee pension,
 * so no other entitlement applies and the totals are the fallback alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProposalApiTest {

    static final Path ROOT;
    static final Path RULES;
    static final Path CASES;

    static {
        try {
            ROOT = Files.createTempDirectory("proposal-test-");
            RULES = ROOT.resolve("rules");
            CASES = ROOT.resolve("test-cases");
            copy(Path.of("../rules"), RULES);
            copy(Path.of("../test-cases"), CASES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("rules.dir", RULES::toString);
        r.add("cases.dir", CASES::toString);
        r.add("reload.watch", () -> "false");
        r.add("register.dir", () -> ROOT.resolve("register").toString());
    }

    @LocalServerPort
    int port;

    static boolean registered;

    @BeforeAll
    static void nothing() {
    }

    @AfterAll
    static void removeCopy() throws IOException {
        try (Stream<Path> w = Files.walk(ROOT)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- the small register -------------------------------------------------------------------------------------

    void register() {
        if (registered) {
            return;
        }
        // Rural, 2 people, 3,600 a year: 440 × 2 − 300 = 580 now, 470 × 2 − 300 = 640 under the proposal.
        post(CASEWORKER, "/api/v1/households", householdJson("510411-2026-000001", "仁和区", "RURAL", "3600",
                memberJson("m1", "测试甲", "HEAD", "1986-05-01"), memberJson("m2", "测试乙", "SPOUSE", "1987-06-01")), 201);
        // Rural, 3 people, no income: 1,320 now, 1,410 after.
        post(CASEWORKER, "/api/v1/households", householdJson("510411-2026-000002", "东区", "RURAL", "0",
                memberJson("m1", "测试丙", "HEAD", "1985-01-01"), memberJson("m2", "测试丁", "SPOUSE", "1985-02-01"),
                memberJson("m3", "测试戊", "CHILD", "1990-03-01")), 201);
        // Urban, 1 person, 1,200 a year: 630 − 100 = 530 either way (the rural standard does not touch it).
        post(CASEWORKER, "/api/v1/households", householdJson("510411-2026-000003", "西区", "URBAN", "1200",
                memberJson("m1", "测试己", "HEAD", "1980-01-01")), 201);
        // Rural, 1 person, 5,400 a year: not below 440 × 12 = 5,280 now; below 470 × 12 = 5,640 after: 470 − 450 = 20.
        post(CASEWORKER, "/api/v1/households", householdJson("510411-2026-000004", "米易县", "RURAL", "5400",
                memberJson("m1", "测试庚", "HEAD", "1981-01-01")), 201);
        registered = true;
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    static final String CASEWORKER = "caseworker:caseworker-pass";
    static final String POLICY = "policy:policy-pass";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    Response send(String user, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(300))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode post(String user, String path, String body, int expected) {
        Response r = send(user, "POST", path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(expected);
        return r.json();
    }

    static String proposal(String parameter, String value, String from, String reference) {
        return """
                {"parameter": %s, "value": %s, "from": %s, "reference": %s, "note": null}
                """.formatted(q(parameter), value, q(from), q(reference));
    }

    static String q(String s) {
        return s == null ? "null" : Json.MAPPER.writeValueAsString(s);
    }

    static final String RURAL_440 = """
                - from: 2021-12-01
                  value: 440
                  reference: 攀枝花市城乡低保标准（2022年公布）
            """;

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void badInputsAre400NamingTheField() {
        assertField(proposal("dibao.standard.nowhere", "470", "2026-01-01", "文件"), "parameter");
        assertField(proposal("dibao.standard.rural", "\"四百七十\"", "2026-01-01", "文件"), "value");
        assertField(proposal("dibao.standard.rural", "-5", "2026-01-01", "文件"), "value");
        assertField(proposal("dibao.classified.elderly", "1.5", "2026-01-01", "文件"), "value");
        assertField(proposal("dibao.classified.elderly_age", "60.5", "2026-01-01", "文件"), "value");
        assertField(proposal("dibao.standard.rural", "470", "2019-01-01", "文件"), "from");
        assertField(proposal("dibao.standard.rural", "470", "2021-12-01", "文件"), "from");
        assertField(proposal("dibao.standard.rural", "470", "2026-13-01", "文件"), "from");
        assertField(proposal("dibao.standard.rural", "470", "2026-01-01", null), "reference");
        assertField(proposal("dibao.standard.rural", "null", "2026-01-01", "文件"), "value");
        // A caseworker may not propose, nor list the drafts.
        assertThat(send(CASEWORKER, "POST", "/api/v1/parameters/proposals",
                proposal("dibao.standard.rural", "470", "2026-01-01", "文件")).status()).isEqualTo(403);
        assertThat(send(CASEWORKER, "GET", "/api/v1/parameters/proposals", null).status()).isEqualTo(403);
        assertThat(send(CASEWORKER, "GET", "/policy.html", null).status()).isEqualTo(403);
        assertThat(send(POLICY, "GET", "/policy.html", null).status()).isEqualTo(200);
        assertThat(send(POLICY, "POST", "/api/v1/parameters/proposals/999/dry-run", null).status()).isEqualTo(404);
    }

    private void assertField(String body, String field) {
        Response r = send(POLICY, "POST", "/api/v1/parameters/proposals", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("path").stringValue()).as(r.body()).isEqualTo(field);
    }

    @Test
    @Order(2)
    void aValueBetweenTwoDatesGoesBetweenThemAndAReferenceWithAColonIsQuoted() throws IOException {
        String before = Files.readString(RULES.resolve("parameters/dibao.yaml"));
        JsonNode p = post(POLICY, "/api/v1/parameters/proposals", proposal("dibao.standard.urban", "620",
                "2020-07-01", "市民政局通知: 2020年调整"), 201);
        Path draft = ROOT.resolve("register/proposals/" + p.get("id").longValue() + "/rules/parameters/dibao.yaml");
        String expected = before.replace("""
                      reference: 攀枝花市城乡低保标准（2022年公布；2019-01-01 起始日期为模型默认值）
                    - from: 2021-12-01
                      value: 630
                """, """
                      reference: 攀枝花市城乡低保标准（2022年公布；2019-01-01 起始日期为模型默认值）
                    - from: 2020-07-01
                      value: 620
                      reference: "市民政局通知: 2020年调整"
                    - from: 2021-12-01
                      value: 630
                """);
        assertThat(expected).isNotEqualTo(before);
        assertThat(Files.readString(draft)).isEqualTo(expected);
        // The live file is untouched until publish.
        assertThat(Files.readString(RULES.resolve("parameters/dibao.yaml"))).isEqualTo(before);
        assertThat(p.get("diff").stringValue()).contains("+    - from: 2020-07-01\n", "+      value: 620\n",
                "--- a/parameters/dibao.yaml");
    }

    @Test
    @Order(3)
    void dryRunShowsTheGateAndTheImpactOnTheRegisterThenPublishGoesLive() throws IOException {
        register();
        String before = Files.readString(RULES.resolve("parameters/dibao.yaml"));
        JsonNode p = post(POLICY, "/api/v1/parameters/proposals", proposal("dibao.standard.rural", "470",
                "2026-01-01", "攀枝花市民政局 2025 年第 3 号通知"), 201);
        long id = p.get("id").longValue();
        assertThat(p.get("state").stringValue()).isEqualTo("DRAFT");
        assertThat(p.get("proposedBy").stringValue()).isEqualTo("policy");
        String expected = before.replace(RURAL_440, RURAL_440 + """
                    - from: 2026-01-01
                      value: 470
                      reference: 攀枝花市民政局 2025 年第 3 号通知
                """);
        Path draft = ROOT.resolve("register/proposals/" + id + "/rules/parameters/dibao.yaml");
        assertThat(Files.readString(draft)).isEqualTo(expected);

        JsonNode dry = post(POLICY, "/api/v1/parameters/proposals/" + id + "/dry-run", null, 200);
        assertThat(dry.get("outcome").stringValue()).as(dry.toString()).isEqualTo("WOULD_SWAP");
        assertThat(dry.get("failedCases").size()).isZero();
        assertThat(dry.get("casesRun").intValue()).isGreaterThan(100);
        JsonNode impact = dry.get("impact");
        assertThat(impact.get("asOf").stringValue()).isEqualTo("2026-01-01");
        assertThat(impact.get("households").longValue()).isEqualTo(4);
        assertThat(impact.get("errors").longValue()).isZero();
        assertThat(impact.get("changed").longValue()).isEqualTo(3);
        assertThat(impact.get("newlyCovered").get("households").longValue()).isEqualTo(1);
        assertThat(impact.get("newlyCovered").get("people").longValue()).isEqualTo(1);
        assertThat(impact.get("stopped").get("households").longValue()).isZero();
        // 580 + 1,320 + 530 = 2,430 a month now; 640 + 1,410 + 530 + 20 = 2,600 after.
        assertMoney(impact.get("monthlyCost").get("before"), "2430");
        assertMoney(impact.get("monthlyCost").get("after"), "2600");
        assertMoney(impact.get("monthlyCost").get("difference"), "170");
        assertMoney(impact.get("annualCost").get("before"), "29160");
        assertMoney(impact.get("annualCost").get("after"), "31200");
        JsonNode counties = impact.get("byCounty");
        assertThat(counties.size()).isEqualTo(4);
        for (JsonNode c : counties) {
            switch (c.get("county").stringValue()) {
                case "仁和区" -> county(c, 1, "580", "640");
                case "东区" -> county(c, 1, "1320", "1410");
                case "西区" -> county(c, 0, "530", "530");
                case "米易县" -> county(c, 1, "0", "20");
                default -> throw new AssertionError(c.toString());
            }
        }
        // +10.3 %, +6.8 %, unchanged, from nothing: three more than 5 % up, one unchanged.
        for (JsonNode b : impact.get("bands")) {
            long expectedCount = switch (b.get("band").stringValue()) {
                case "UP_MORE_5" -> 3;
                case "UNCHANGED" -> 1;
                default -> 0;
            };
            assertThat(b.get("households").longValue()).as(b.toString()).isEqualTo(expectedCount);
        }
        // The dry run changed nothing live.
        assertThat(Files.readString(RULES.resolve("parameters/dibao.yaml"))).isEqualTo(before);

        String serving = send(CASEWORKER, "GET", "/api/v1/ruleset", null).json().get("version").stringValue();
        JsonNode published = post(POLICY, "/api/v1/parameters/proposals/" + id + "/publish", null, 200);
        JsonNode report = published.get("report");
        assertThat(report.get("outcome").stringValue()).as(report.toString()).isEqualTo("SWAPPED");
        assertThat(report.get("previousVersion").stringValue()).isEqualTo(serving);
        String now = report.get("servingVersion").stringValue();
        assertThat(now).isNotEqualTo(serving).isEqualTo(dry.get("draftVersion").stringValue());
        assertThat(Files.readString(RULES.resolve("parameters/dibao.yaml"))).isEqualTo(expected);
        JsonNode rural = null;
        for (JsonNode v : send(CASEWORKER, "GET", "/api/v1/parameters?asOf=2026-01-01", null).json().get("parameters")) {
            if (v.get("name").stringValue().equals("dibao.standard.rural")) {
                rural = v;
            }
        }
        assertThat(rural.get("value").decimalValue()).isEqualByComparingTo("470");

        JsonNode listed = send(POLICY, "GET", "/api/v1/parameters/proposals", null).json().get("proposals");
        JsonNode mine = null;
        for (JsonNode x : listed) {
            if (x.get("id").longValue() == id) {
                mine = x;
            }
        }
        assertThat(mine.get("state").stringValue()).isEqualTo("PUBLISHED");
        assertThat(mine.get("proposedBy").stringValue()).isEqualTo("policy");
        assertThat(mine.get("publishedBy").stringValue()).isEqualTo("policy");
        assertThat(mine.get("publishedVersion").stringValue()).isEqualTo(now);
        // Publishing twice is refused.
        assertThat(send(POLICY, "POST", "/api/v1/parameters/proposals/" + id + "/publish", null).status())
                .isEqualTo(409);
        // The older draft was made on the file before this publish: it may no longer overwrite it.
        long older = listed.get(listed.size() - 1).get("id").longValue();
        assertThat(send(POLICY, "POST", "/api/v1/parameters/proposals/" + older + "/publish", null).status())
                .isEqualTo(409);
    }

    private static void county(JsonNode c, long changed, String before, String after) {
        assertThat(c.get("households").longValue()).isEqualTo(1);
        assertThat(c.get("changed").longValue()).as(c.toString()).isEqualTo(changed);
        assertMoney(c.get("monthlyBefore"), before);
        assertMoney(c.get("monthlyAfter"), after);
    }

    private static void assertMoney(JsonNode n, String expected) {
        assertThat(n.decimalValue()).as(n.toString()).isEqualByComparingTo(expected);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
