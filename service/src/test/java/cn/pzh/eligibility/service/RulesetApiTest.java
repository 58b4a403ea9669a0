package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Ruleset, parameters, OpenAPI, actuator and the page's files, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
class RulesetApiTest {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String versionOfADetermination() {
        return http.postJson("/api/v1/determinations?asOf=2019-10-01", Http.example()).json()
                .get("ruleset").get("version").stringValue();
    }

    @Test
    void rulesetListsFilesClausesAndRuleNames() {
        Http.Response r = http.get("/api/v1/ruleset");
        assertThat(r.status()).isEqualTo(200);
        JsonNode rs = r.json();
        assertThat(rs.get("version").stringValue()).isEqualTo(versionOfADetermination());
        assertThat(rs.get("loadedAt").stringValue()).isNotBlank();
        JsonNode dibao = null;
        List<String> files = new ArrayList<>();
        for (JsonNode f : rs.get("files")) {
            files.add(f.get("file").stringValue());
            if (f.get("file").stringValue().equals("dibao.drl")) {
                dibao = f;
            }
        }
        assertThat(files).contains("dibao.drl", "medical.drl", "codes.yaml");
        assertThat(dibao).isNotNull();
        assertThat(dibao.get("clauses").toString()).contains("2.1.7.1");
        JsonNode rule = dibao.get("rules").get(0);
        assertThat(rule.get("name").stringValue()).isNotBlank();
        assertThat(rule.get("line").intValue()).isPositive();
        assertThat(rs.get("ruleCount").intValue()).isGreaterThan(10);
    }

    @Test
    void parametersInForceOnADateWithTheirSource() {
        JsonNode p2019 = http.get("/api/v1/parameters?asOf=2019-10-01").json();
        JsonNode rural = find(p2019, "dibao.standard.rural");
        assertThat(rural.get("value").decimalValue()).isEqualByComparingTo("410");
        assertThat(rural.get("from").stringValue()).isEqualTo("2019-01-01");
        assertThat(rural.get("description").stringValue()).isEqualTo("农村低保标准");
        assertThat(rural.get("unit").stringValue()).isEqualTo("元/人·月");
        assertThat(rural.get("reference").stringValue()).isNotBlank();

        JsonNode p2022 = http.get("/api/v1/parameters?asOf=2022-01-01").json();
        assertThat(find(p2022, "dibao.standard.rural").get("value").decimalValue()).isEqualByComparingTo("440");
        assertThat(find(p2022, "dibao.standard.rural").get("from").stringValue()).isEqualTo("2021-12-01");
        assertThat(p2022.get("asOf").stringValue()).isEqualTo("2022-01-01");
    }

    @Test
    void parametersRefuseABadDate() {
        Http.Response r = http.get("/api/v1/parameters?asOf=2019-1-1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("path").stringValue()).isEqualTo("asOf");
    }

    private static JsonNode find(JsonNode view, String name) {
        for (JsonNode p : view.get("parameters")) {
            if (p.get("name").stringValue().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + view);
    }

    @Test
    void openApiDocumentIsOpenApi3Json() {
        Http.Response r = http.get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").stringValue()).startsWith("3.");
        assertThat(doc.get("info").get("title").stringValue()).isNotBlank();
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/v1/determinations")).isTrue();
        assertThat(paths.has("/api/v1/determinations/batch")).isTrue();
        assertThat(paths.has("/api/v1/ruleset")).isTrue();
        assertThat(paths.has("/api/v1/parameters")).isTrue();
        assertThat(paths.get("/api/v1/determinations").get("post").get("requestBody")).isNotNull();
        assertThat(doc.get("components").get("schemas").has("Determination")).isTrue();
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void healthSaysTheRulesetIsLoadedAndInfoGivesItsVersion() {
        String version = versionOfADetermination();
        // The details are for policy staff (issue 8, finding 14).
        JsonNode health = Http.policy(port).get("/actuator/health").json();
        assertThat(health.get("status").stringValue()).isEqualTo("UP");
        assertThat(health.get("components").get("ruleset").get("status").stringValue()).isEqualTo("UP");
        assertThat(health.get("components").get("ruleset").get("details").get("version").stringValue()).isEqualTo(version);
        JsonNode info = http.get("/actuator/info").json();
        assertThat(info.get("ruleset").get("version").stringValue()).isEqualTo(version);
    }

    @Test
    void onlyHealthAndInfoAreExposed() {
        // Even policy staff find nothing else: the others are not exposed at all.
        Http http = Http.policy(port);
        for (String endpoint : List.of("env", "beans", "configprops", "metrics", "heapdump", "threaddump", "loggers",
                "mappings")) {
            assertThat(http.get("/actuator/" + endpoint).status()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void thePageAndItsFilesAreServed() {
        Http.Response page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("社会救助待遇核定").doesNotContain("http://").doesNotContain("https://");
        assertThat(http.get("/app.js").status()).isEqualTo(200);
        assertThat(http.get("/app.js").body()).doesNotContain("http://").doesNotContain("https://");
        assertThat(http.get("/app.css").body()).contains("@media print").contains("A4");
    }

    @Test
    void theRulesBookOfTheRulesetInServiceIsServedAtRules() throws InterruptedException {
        String version = versionOfADetermination();
        Http.Response book = http.get("/rules/");
        // The book is written in the background at start: wait for it.
        for (int i = 0; i < 120 && book.status() == 503; i++) {
            Thread.sleep(500);
            book = http.get("/rules/");
        }
        assertThat(book.status()).isEqualTo(200);
        assertThat(book.contentType()).startsWith("text/html");
        assertThat(book.header("X-Ruleset-Version")).isEqualTo(version);
        assertThat(book.body()).contains("2.1.7.1").contains("低保");
        assertThat(http.get("/rules/../application.yaml").status()).isIn(400, 404);
        assertThat(http.get("/rules/no-such-page.html").status()).isEqualTo(404);
        assertThat(Http.anonymous(port).get("/rules/").status()).isIn(302, 401);
    }
}
