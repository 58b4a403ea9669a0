package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With rules that do not load, every operation that needs a ruleset answers 503 problem+json, and the document
 * says so: each such operation lists 503, and the answer matches its schema.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.dir=target/no-such-rules-directory", "cases.dir=../test-cases", "reload.watch=false"})
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenApiNoRulesetContractTest {

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) {
        r.add("batches.dir", () -> temp.resolve("jobs").toString());
        r.add("register.dir", () -> temp.resolve("register").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void everyOperationThatNeedsARulesetDocumentsAndAnswers503() {
        OpenApiClient api = new OpenApiClient(port);
        String example = Http.example();
        api.call("POST", "/api/v1/determinations", "/api/v1/determinations?asOf=2019-10-01", "caseworker",
                "application/json", example.getBytes(StandardCharsets.UTF_8), Map.of(), 503);
        api.call("POST", "/api/v1/determinations/batch", "/api/v1/determinations/batch?asOf=2019-10-01",
                "caseworker", "application/json", ("[" + example + "]").getBytes(StandardCharsets.UTF_8), Map.of(),
                503);
        api.call("GET", "/api/v1/ruleset", "/api/v1/ruleset", "caseworker", 503);
        api.call("GET", "/api/v1/parameters", "/api/v1/parameters?asOf=2019-10-01", "caseworker", 503);
        api.call("POST", "/api/v1/batches", "/api/v1/batches", "policy", OpenApiClient.multipartType(),
                OpenApiClient.multipart(Map.of("asOf", "2019-10-01"), "caseload.jsonl", example.replace("\n", "")
                        + "\n"), Map.of(), 503);
        // The reload status still answers: it reports that nothing serves.
        OpenApiClient.Answer status = api.call("GET", "/api/v1/ruleset/reload", "/api/v1/ruleset/reload",
                "caseworker", 200);
        assertThat(status.json().get("servingVersion").isNull()).isTrue();

        // Issue 11's operations that need rules: a re-evaluation cannot start; without parameter files there are
        // none to list or to propose a value of (this was a 500).
        api.call("POST", "/api/v1/reevaluations", "/api/v1/reevaluations", "policy", "application/json",
                "{\"asOf\": \"2019-10-01\"}".getBytes(StandardCharsets.UTF_8), Map.of(), 503);
        api.call("GET", "/api/v1/policy/parameters", "/api/v1/policy/parameters", "policy", 503);
        api.call("POST", "/api/v1/parameters/proposals", "/api/v1/parameters/proposals", "policy",
                "application/json", ContractFixtures.PROPOSAL.getBytes(StandardCharsets.UTF_8), Map.of(), 503);

        // Every other operation answers as the document says, with a body it accepts or none, and never 500.
        List<String> failed = new ArrayList<>();
        api.forEachOperation((method, path, op) -> {
            String concrete = path.replaceAll("\\{[^}]+}", "999999");
            String type = null;
            byte[] body = null;
            if (op.has("requestBody")) {
                boolean multipart = op.path("requestBody").path("content").has("multipart/form-data");
                type = multipart ? OpenApiClient.multipartType() : "application/json";
                body = multipart ? OpenApiClient.multipart(Map.of("asOf", "2019-10-01"), "caseload.jsonl", "{}\n")
                        : "{}".getBytes(StandardCharsets.UTF_8);
            }
            try {
                int answered = api.call(method, path, concrete, "policy", type, body, Map.of(), OpenApiClient.ANY)
                        .status();
                if (answered >= 500 && answered != 503) {
                    failed.add(method + " " + path + " answered " + answered);
                }
            } catch (AssertionError undocumented) {
                failed.add(undocumented.getMessage());
            }
        });
        assertThat(failed).as("without rules, answers not documented, or 5xx other than 503").isEmpty();

        List<String> undocumented = new ArrayList<>();
        api.answered.forEach((op, statuses) -> {
            if (statuses.contains(503) && !api.operation(op.split(" ")[0], op.split(" ")[1]).get("responses")
                    .has("503")) {
                undocumented.add(op);
            }
        });
        assertThat(undocumented).isEmpty();
    }
}
