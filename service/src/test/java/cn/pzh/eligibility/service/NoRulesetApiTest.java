package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Rules that do not load leave the service up, health DOWN with the reason, and the API answering 503. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.dir=target/no-such-rules-directory", "cases.dir=../test-cases", "reload.watch=false"})
class NoRulesetApiTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsDownAndTheApiAnswers503() {
        Http http = new Http(port);
        // The load problems (with server paths) are for policy staff.
        Http.Response health = Http.policy(port).get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        JsonNode ruleset = health.json().get("components").get("ruleset");
        assertThat(ruleset.get("status").stringValue()).isEqualTo("DOWN");
        assertThat(ruleset.get("details").get("problems").toString()).contains("no-such-rules-directory");

        Http.Response r = http.postJson("/api/v1/determinations?asOf=2019-10-01", Http.example());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        // Issue 8: the 503 says when to try again and shows no server file paths.
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(r.body()).doesNotContain("no-such-rules-directory").doesNotContain("target/");
        assertThat(http.get("/actuator/health").json().get("components").get("ruleset").has("details")).isFalse();
        assertThat(http.get("/api/v1/ruleset").status()).isEqualTo(503);
        assertThat(http.get("/actuator/info").json().get("ruleset").get("loaded").booleanValue()).isFalse();
        assertThat(http.get("/").status()).isEqualTo(200);
    }
}
