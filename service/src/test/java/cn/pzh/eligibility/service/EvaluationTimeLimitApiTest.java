package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * limits.evaluation-time reaches the engine: with a limit no evaluation can meet, a household fails with the
 * time-limit error naming it (a problem+json, never a hang), alone and inside a batch request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false", "limits.evaluation-time=1ns"})
class EvaluationTimeLimitApiTest {

    @LocalServerPort
    int port;

    @Test
    void aHouseholdPastTheConfiguredTimeLimitFailsWithTheTimeLimitError() {
        Http http = new Http(port);
        Http.Response one = http.postJson("/api/v1/determinations?asOf=2019-10-01", Http.example());
        assertThat(one.status()).isEqualTo(500);
        assertThat(one.contentType()).startsWith("application/problem+json");
        assertThat(one.json().get("detail").asString()).contains("time limit").contains("超过时限");
        assertThat(one.json().get("householdId").asString()).isNotBlank();

        Http.Response batch = http.postJson("/api/v1/determinations/batch?asOf=2019-10-01",
                "[" + Http.example() + "]");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("failed").asInt()).isEqualTo(1);
        assertThat(batch.body()).contains("超过时限");
    }
}
