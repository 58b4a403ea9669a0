package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.pzh.eligibility.input.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import cn.pzh.eligibility.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document against the running service, the way a client generated from it would meet the service:
 * every operation the document lists is called over real HTTP with the Accept header a generated client sends (the
 * media types the document lists for it), and every answer must have a documented status, a documented media type
 * and a body valid against the documented schema (JSON Schema 2020-12, formats asserted, no property the schema
 * does not list). A field the service writes as null that the document calls non-null fails here, and so does an
 * undocumented status, a download whose media type is missing, or a schema without {@code required}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reload.watch=false", "batches.threads=1"})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OpenApiContractTest {

    /** Publishing a proposal writes into the rules directory: a copy of the repository's. */
    static final RulesCopy RULES = new RulesCopy();

    static final String JOBS = "/api/v1/batches";
    static final Duration JOB_WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) {
        r.add("batches.dir", () -> temp.resolve("jobs").toString());
        r.add("register.dir", () -> temp.resolve("register").toString());
        r.add("rules.dir", RULES.rules::toString);
        r.add("cases.dir", RULES.cases::toString);
    }

    @AfterAll
    static void removeRules() {
        RULES.close();
    }

    @Autowired
    Store store;

    @LocalServerPort
    int port;

    OpenApiClient api;

    @BeforeEach
    void client() {
        api = new OpenApiClient(port);
    }

    // ---- (b) the document describes every operation -------------------------------------------------------------

    @Test
    void everyOperationDocumentsItsAnswersAndEverySchemaItsRequiredFields() {
        List<String> problems = new ArrayList<>();
        api.forEachOperation((method, path, op) -> {
            String name = method + " " + path;
            JsonNode responses = op.get("responses");
            boolean success = false;
            for (var e : responses.properties()) {
                String code = e.getKey();
                JsonNode content = e.getValue().get("content");
                if (code.startsWith("2")) {
                    success = true;
                    if (content == null || content.isEmpty()) {
                        problems.add(name + ": its " + code + " describes no body");
                    }
                }
                if (code.startsWith("4") || code.startsWith("5")) {
                    if (content == null || content.isEmpty()) {
                        problems.add(name + ": its " + code + " describes no body");
                    }
                }
                if (content != null) {
                    content.properties().forEach(c -> {
                        if (c.getKey().contains("*")) {
                            problems.add(name + ": " + code + " is labelled " + c.getKey());
                        }
                        if (!c.getValue().has("schema")) {
                            problems.add(name + ": " + code + " " + c.getKey() + " has no schema");
                        }
                    });
                }
            }
            if (!success) {
                problems.add(name + ": no 2xx answer is documented");
            }
            List<String> must = new ArrayList<>(List.of("400", "401", "406"));
            if (op.has("requestBody")) {
                must.add("415");
            }
            String role = op.path("x-role").stringValue("");
            if (!Set.of("POLICY", "CASEWORKER").contains(role)) {
                problems.add(name + ": x-role (who may call it) is not POLICY or CASEWORKER");
            }
            if (role.equals("POLICY")) {
                must.add("403");
            }
            if (path.contains("{")) {
                must.add("404");
            }
            for (String code : must) {
                if (!responses.has(code)) {
                    problems.add(name + ": " + code + " is not documented");
                } else if (!responses.get(code).path("content").has("application/problem+json")) {
                    problems.add(name + ": its " + code + " is not application/problem+json");
                }
            }
            for (JsonNode p : op.path("parameters")) {
                String pn = p.get("name").stringValue();
                if ((pn.equals("asOf") || pn.equals("baselineAsOf"))
                        && !"date".equals(p.path("schema").path("format").stringValue(""))) {
                    problems.add(name + ": query " + pn + " has no format: date");
                }
            }
            JsonNode multipart = op.path("requestBody").path("content").path("multipart/form-data").path("schema");
            for (String pn : List.of("asOf", "baselineAsOf")) {
                JsonNode f = multipart.path("properties").path(pn);
                if (!f.isMissingNode() && !"date".equals(f.path("format").stringValue(""))) {
                    problems.add(name + ": form field " + pn + " has no format: date");
                }
            }
        });
        api.doc.get("components").get("schemas").properties().forEach(e -> {
            JsonNode s = e.getValue();
            if (s.has("properties") && (!s.has("required") || s.get("required").isEmpty())) {
                problems.add("schema " + e.getKey() + " lists no required property");
            }
        });
        JsonNode householdAsOf = api.doc.at("/components/schemas/Household/properties/asOf");
        if (!"date".equals(householdAsOf.path("format").stringValue(""))) {
            problems.add("schema Household has no asOf (format: date), though the body may carry it");
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    // ---- (a) every operation, called as a generated client would, answers as documented ---------------------------

    @Test
    void everyOperationAnswersAsTheDocumentSays() {
        String example = Http.example();
        JsonNode household = Json.MAPPER.readTree(example);
        // What a client sends must be what the document describes: the contract's example, with asOf in the body.
        ObjectNode withAsOf = ((ObjectNode) household.deepCopy()).put("asOf", "2019-10-01");
        api.assertValid("the example household with asOf in its body", "#/components/schemas/Household", withAsOf);

        // Ruleset, parameters, reload status, with the ETag round trip.
        OpenApiClient.Answer ruleset = api.call("GET", "/api/v1/ruleset", "/api/v1/ruleset", "caseworker", 200);
        String etag = ruleset.header("ETag");
        assertThat(etag).as("ETag of the ruleset").isNotNull();
        api.call("GET", "/api/v1/ruleset", "/api/v1/ruleset", "caseworker", null, null, Map.of("If-None-Match", etag),
                304);
        api.call("GET", "/api/v1/parameters", "/api/v1/parameters?asOf=2019-10-01", "caseworker", 200);
        api.call("GET", "/api/v1/parameters", "/api/v1/parameters", "caseworker", 200);
        api.call("GET", "/api/v1/ruleset/reload", "/api/v1/ruleset/reload", "caseworker", 200);

        // Determinations: the query's date, the body's date (a generated client must be able to send it), a bad
        // household, and a batch with a good and a bad one.
        OpenApiClient.Answer byQuery = api.call("POST", "/api/v1/determinations", "/api/v1/determinations?asOf=2019-10-01",
                "caseworker", "application/json", example.getBytes(StandardCharsets.UTF_8), Map.of(), 200);
        OpenApiClient.Answer byBody = api.call("POST", "/api/v1/determinations", "/api/v1/determinations", "caseworker",
                "application/json", Json.MAPPER.writeValueAsBytes(withAsOf), Map.of(), 200);
        assertThat(byBody.json().get("asOf").stringValue()).isEqualTo("2019-10-01");
        assertThat(byBody.json().get("totals")).isEqualTo(byQuery.json().get("totals"));
        ObjectNode bad = (ObjectNode) household.deepCopy();
        bad.remove("county");
        ((ObjectNode) bad.get("members").get(1)).put("birthDate", "1985-02-30");
        OpenApiClient.Answer invalid = api.call("POST", "/api/v1/determinations", "/api/v1/determinations?asOf=2019-10-01",
                "caseworker", "application/json", Json.MAPPER.writeValueAsBytes(bad), Map.of(), 400);
        assertThat(invalid.json().get("errors").size()).isEqualTo(2);
        ArrayNode pair = Json.MAPPER.createArrayNode().add(household).add(bad);
        OpenApiClient.Answer batch = api.call("POST", "/api/v1/determinations/batch", "/api/v1/determinations/batch?asOf=2019-10-01",
                "caseworker", "application/json", Json.MAPPER.writeValueAsBytes(pair), Map.of(), 200);
        assertThat(batch.json().get("failed").intValue()).isEqualTo(1);

        // A dry-run reload (swaps nothing), then the status that now shows it.
        api.call("POST", "/api/v1/ruleset/reload", "/api/v1/ruleset/reload?dryRun=true", "policy", null, null, Map.of(),
                200);
        OpenApiClient.Answer status = api.call("GET", "/api/v1/ruleset/reload", "/api/v1/ruleset/reload", "caseworker", 200);
        assertThat(status.json().get("lastReload").isNull()).isFalse();

        // Batch jobs: a comparison job (2019 rules' values against 2022's, so the diff is not empty) with one bad
        // line, and a CSV whose header the engine refuses, which fails and can be resumed.
        String caseload = Json.MAPPER.writeValueAsString(household) + "\n" + Json.MAPPER.writeValueAsString(bad) + "\n";
        OpenApiClient.Answer submitted = api.call("POST", JOBS, JOBS, "policy", OpenApiClient.multipartType(), OpenApiClient.multipart(
                Map.of("asOf", "2022-01-01", "baselineAsOf", "2019-10-01"), "caseload.jsonl", caseload), Map.of(),
                202);
        String id = submitted.json().get("id").stringValue();
        OpenApiClient.Answer failing = api.call("POST", JOBS, JOBS, "policy", OpenApiClient.multipartType(), OpenApiClient.multipart(
                Map.of("asOf", "2019-10-01"), "wrong.csv", "foo,bar\n1,2\n"), Map.of(), 202);
        String failedId = failing.json().get("id").stringValue();
        assertThat(await(id)).isEqualTo("DONE");
        assertThat(await(failedId)).isEqualTo("FAILED");
        api.call("GET", JOBS, JOBS, "policy", 200);
        String job = JOBS + "/" + id;
        OpenApiClient.Answer results = api.call("GET", JOBS + "/{id}/results", job + "/results", "policy", 200);
        assertThat(results.text().lines().count()).isEqualTo(1);
        OpenApiClient.Answer errors = api.call("GET", JOBS + "/{id}/errors", job + "/errors", "policy", 200);
        assertThat(errors.text().lines().count()).isEqualTo(2);
        OpenApiClient.Answer diff = api.call("GET", JOBS + "/{id}/diff", job + "/diff", "policy", 200);
        assertThat(diff.text().lines().count()).isEqualTo(1);
        api.call("GET", JOBS + "/{id}/report", job + "/report", "policy", 200);
        api.call("POST", JOBS + "/{id}/resume", JOBS + "/" + failedId + "/resume", "policy", null, null, Map.of(), 202);
        api.call("POST", JOBS + "/{id}/resume", job + "/resume", "policy", null, null, Map.of(), 409);
        api.call("GET", JOBS + "/{id}", JOBS + "/no-such-job", "policy", 404);
        api.call("GET", JOBS + "/{id}/diff", JOBS + "/" + failedId + "/diff", "policy", 404);

        // The case register: every operation, as the register example is saved, found, determined and replayed.
        long recordId = register();
        // Policy staff's proposals (a new rural standard from 2025, published), then a re-evaluation under it.
        long proposalId = proposals();
        long runId = reevaluations();

        // Every operation's refusals: no credentials, the wrong role, an Accept it cannot answer, a wrong body type,
        // an unknown id.
        Map<String, String> known = Map.of(JOBS, id, REGISTER, HOUSEHOLD, PROPOSALS, String.valueOf(proposalId),
                RUNS, String.valueOf(runId), "{recordId}", String.valueOf(recordId));
        String unknown = String.valueOf(ContractFixtures.UNKNOWN_NUMBER);
        Map<String, String> unknowns = Map.of(JOBS, "no-such-job", REGISTER, ContractFixtures.UNKNOWN_HOUSEHOLD,
                PROPOSALS, unknown, RUNS, unknown, "{recordId}", unknown);
        api.forEachOperation((method, path, op) -> {
            String concrete = concrete(path, known);
            byte[] body = op.has("requestBody") ? "x".getBytes(StandardCharsets.UTF_8) : null;
            String type = body == null ? null : "text/plain";
            api.call(method, path, concrete, null, type, body, Map.of(), 401);
            if (op.path("x-role").stringValue("").equals("POLICY")) {
                api.call(method, path, concrete, "caseworker", type, body, Map.of(), 403);
            }
            if (path.contains("{") && body == null) {
                api.call(method, path, concrete(path, unknowns), "policy", null, null, Map.of(), 404);
            }
            // 406 with a body of the right type: the media types are checked before the body is read.
            String rightType = null;
            byte[] rightBody = null;
            if (body != null) {
                rightType = op.path("requestBody").path("content").has("multipart/form-data") ? OpenApiClient.multipartType()
                        : "application/json";
                rightBody = rightType.equals("application/json") ? "{}".getBytes(StandardCharsets.UTF_8)
                        : OpenApiClient.multipart(Map.of(), "empty.jsonl", "");
            }
            api.call(method, path, concrete, "policy", rightType, rightBody, Map.of("Accept", api.unacceptable(op)),
                    406);
            if (body != null) {
                api.call(method, path, concrete, "policy", type, body, Map.of(), 415);
            }
        });

        List<String> notCalled = new ArrayList<>();
        api.forEachOperation((method, path, op) -> {
            Set<Integer> got = api.answered.getOrDefault(method + " " + path, Set.of());
            if (got.stream().noneMatch(s -> s >= 200 && s < 300)) {
                notCalled.add(method + " " + path + " (answered " + got + ")");
            }
        });
        assertThat(notCalled).as("operations never answered 2xx in this test: " + notCalled).isEmpty();
        // What the document says a caseworker may call, a caseworker was let into (and the rest refused above).
        List<String> refused = new ArrayList<>();
        api.forEachOperation((method, path, op) -> {
            Set<Integer> got = api.answeredToCaseworker.getOrDefault(method + " " + path, Set.of());
            if (op.path("x-role").stringValue("").equals("CASEWORKER")
                    && got.stream().noneMatch(s -> s != 401 && s != 403)) {
                refused.add(method + " " + path + " (answered a caseworker " + got + ")");
            }
        });
        assertThat(refused).as("x-role CASEWORKER, but no caseworker's request was let in: " + refused).isEmpty();
    }

    static final String PROPOSALS = "/api/v1/parameters/proposals";
    static final String RUNS = "/api/v1/reevaluations";

    /** The path with its parameters filled in: {id} by the area it names, the others by name. */
    static String concrete(String template, Map<String, String> ids) {
        String area = ids.keySet().stream().filter(template::startsWith).findFirst().orElse("");
        String p = template.replace("{recordId}", ids.get("{recordId}"))
                .replace("{householdId}", ids.get(REGISTER));
        return area.isEmpty() ? p : p.replace("{id}", ids.get(area));
    }

    /** Policy staff's proposals: the list of parameters, a draft, its dry run, publishing it; the proposal's id. */
    long proposals() {
        String json = "application/json";
        JsonNode parameters = api.call("GET", "/api/v1/policy/parameters", "/api/v1/policy/parameters", "policy",
                200).json().get("parameters");
        boolean rural = false;
        for (JsonNode p : parameters) {
            rural |= p.get("name").stringValue().equals("dibao.standard.rural");
        }
        assertThat(rural).as("dibao.standard.rural among the parameters").isTrue();
        OpenApiClient.Answer draft = api.call("POST", PROPOSALS, PROPOSALS, "policy", json,
                ContractFixtures.PROPOSAL.getBytes(StandardCharsets.UTF_8), Map.of(), 201);
        long id = draft.json().get("id").longValue();
        assertThat(draft.header("Location")).isEqualTo(PROPOSALS + "/" + id);
        assertThat(draft.json().get("state").stringValue()).isEqualTo("DRAFT");
        OpenApiClient.Answer bad = api.call("POST", PROPOSALS, PROPOSALS, "policy", json,
                ContractFixtures.PROPOSAL.replace("470", "-5").getBytes(StandardCharsets.UTF_8), Map.of(), 400);
        assertThat(bad.json().get("errors").get(0).get("path").stringValue()).isEqualTo("value");
        assertThat(api.call("GET", PROPOSALS, PROPOSALS, "policy", 200).json().get("proposals").size()).isEqualTo(1);
        api.call("GET", PROPOSALS + "/{id}", PROPOSALS + "/" + id, "policy", 200);
        OpenApiClient.Answer dry = api.call("POST", PROPOSALS + "/{id}/dry-run", PROPOSALS + "/" + id + "/dry-run",
                "policy", null, null, Map.of(), 200);
        assertThat(dry.json().get("outcome").stringValue()).isEqualTo("WOULD_SWAP");
        // On the proposal's date, 2025-01-01: the rural standard in service is 440 (since 2021-12-01), the draft's 470.
        assertImpact("the dry run's impact", dry.json().get("impact"), "evaluated", "1020.00", "1110.00");
        OpenApiClient.Answer published = api.call("POST", PROPOSALS + "/{id}/publish",
                PROPOSALS + "/" + id + "/publish", "policy", null, null, Map.of(), 200);
        assertThat(published.json().get("report").get("outcome").stringValue()).isEqualTo("SWAPPED");
        api.call("POST", PROPOSALS + "/{id}/publish", PROPOSALS + "/" + id + "/publish", "policy", null, null,
                Map.of(), 409);
        return id;
    }

    /**
     * A re-evaluation of the example's township at the proposal's date: worklist, CSV, impact, errors, the item
     * confirmed and its notices printed by a caseworker. Then runs of a made-up township, stopped and resumed.
     * The run's id.
     */
    long reevaluations() {
        String json = "application/json";
        byte[] start = ("{\"asOf\": \"" + ContractFixtures.RUN_AS_OF + "\", \"county\": null, \"township\": \""
                + ContractFixtures.TOWNSHIP + "\", \"baselineAsOf\": null}").getBytes(StandardCharsets.UTF_8);
        OpenApiClient.Answer started = api.call("POST", RUNS, RUNS, "policy", json, start, Map.of(), 202);
        long id = started.json().get("id").longValue();
        assertThat(awaitRun(id)).isEqualTo("DONE");
        api.call("POST", RUNS, RUNS, "policy", json, "{\"asOf\": \"2026-02-30\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), 400);
        api.call("GET", RUNS, RUNS, "policy", 200);
        // Caseworkers find the runs whose worklists they work through.
        boolean listed = false;
        for (JsonNode r : api.call("GET", RUNS, RUNS, "caseworker", 200).json().get("runs")) {
            listed |= r.get("id").longValue() == id;
        }
        assertThat(listed).as("run " + id + " listed to a caseworker").isTrue();
        String run = RUNS + "/" + id;
        JsonNode worklist = api.call("GET", RUNS + "/{id}/worklist", run + "/worklist", "caseworker", 200).json();
        JsonNode counts = api.call("GET", RUNS + "/{id}", run, "caseworker", 200).json();
        assertThat(worklist.get("total").longValue()).as("the example household's entitlements change; the run: "
                + counts.get("households") + " households, " + counts.get("processed") + " processed, "
                + counts.get("errors") + " errors, " + counts.get("changed") + " changed").isEqualTo(1);
        assertThat(worklist.get("items").get(0).get("householdId").stringValue()).isEqualTo(HOUSEHOLD);
        assertMemberNames(worklist.get("items").get(0));
        api.call("GET", RUNS + "/{id}/worklist", run + "/worklist?sort=sideways", "caseworker", 400);
        assertThat(worklistTotal(run, "PROPOSED")).as("proposed items before confirmation").isEqualTo(1);
        assertThat(worklistTotal(run, "CONFIRMED")).as("confirmed items before confirmation").isZero();
        api.call("GET", RUNS + "/{id}/worklist", run + "/worklist?status=DONE", "caseworker", 400);
        api.call("GET", RUNS + "/{id}/worklist.csv", run + "/worklist.csv", "caseworker", 200);
        assertThat(csvLines(run, "CONFIRMED")).as("the CSV of confirmed items before confirmation: its header")
                .isEqualTo(1);
        api.call("GET", RUNS + "/{id}/worklist.csv", run + "/worklist.csv?status=DONE", "caseworker", 400);
        assertTownships(run, 0);
        assertThat(api.call("GET", RUNS + "/{id}/errors", run + "/errors", "policy", 200).json().get("total")
                .longValue()).isZero();
        assertImpact("the run's impact", api.call("GET", RUNS + "/{id}/impact", run + "/impact", "policy", 200)
                .json(), "processed", "930.00", "1110.00");
        String item = run + "/worklist/" + HOUSEHOLD;
        api.call("GET", RUNS + "/{id}/worklist/{householdId}/notice", item + "/notice", "caseworker", 409);
        OpenApiClient.Answer confirmed = api.call("POST", RUNS + "/{id}/worklist/{householdId}/confirm",
                item + "/confirm", "caseworker", null, null, Map.of(), 200);
        assertThat(confirmed.json().get("status").stringValue()).isEqualTo("CONFIRMED");
        assertMemberNames(confirmed.json());
        api.call("POST", RUNS + "/{id}/worklist/{householdId}/confirm", item + "/confirm", "caseworker", null, null,
                Map.of(), 409);
        assertThat(worklistTotal(run, "PROPOSED")).as("proposed items after confirmation").isZero();
        assertThat(worklistTotal(run, "CONFIRMED")).as("confirmed items after confirmation").isEqualTo(1);
        assertThat(csvLines(run, "CONFIRMED")).as("the CSV of confirmed items: its header and the item").isEqualTo(2);
        assertThat(csvLines(run, "PROPOSED")).as("the CSV of proposed items after confirmation: its header")
                .isEqualTo(1);
        assertTownships(run, 1);
        api.call("GET", RUNS + "/{id}/worklist/{householdId}/notice", item + "/notice", "caseworker", 200);
        String township = java.net.URLEncoder.encode(ContractFixtures.TOWNSHIP, StandardCharsets.UTF_8);
        api.call("GET", RUNS + "/{id}/notices", run + "/notices?township=" + township, "caseworker", 200);
        api.call("GET", RUNS + "/{id}/notices", run + "/notices?county="
                + java.net.URLEncoder.encode(ContractFixtures.COUNTY, StandardCharsets.UTF_8) + "&township="
                + township, "caseworker", 200);
        api.call("GET", RUNS + "/{id}/notices", run + "/notices", "caseworker", 400);

        // Stop and resume: a run of BULK households is still going when the stops arrive (the one queued behind
        // it certainly is), and a stopped run resumes to its end.
        store.register().createAll(ContractFixtures.bulkHouseholds(), "caseworker");
        byte[] bulk = ("{\"asOf\": \"" + ContractFixtures.RUN_AS_OF + "\", \"township\": \""
                + ContractFixtures.BULK_TOWNSHIP + "\"}").getBytes(StandardCharsets.UTF_8);
        long first = api.call("POST", RUNS, RUNS, "policy", json, bulk, Map.of(), 202).json().get("id").longValue();
        long second = api.call("POST", RUNS, RUNS, "policy", json, bulk, Map.of(), 202).json().get("id").longValue();
        api.call("POST", RUNS + "/{id}/stop", RUNS + "/" + second + "/stop", "policy", null, null, Map.of(), 200);
        api.call("POST", RUNS + "/{id}/stop", RUNS + "/" + first + "/stop", "policy", null, null, Map.of(), 200);
        assertThat(awaitRun(first)).isEqualTo("STOPPED");
        assertThat(awaitRun(second)).isEqualTo("STOPPED");
        api.call("POST", RUNS + "/{id}/stop", RUNS + "/" + first + "/stop", "policy", null, null, Map.of(), 409);
        api.call("POST", RUNS + "/{id}/resume", RUNS + "/" + first + "/resume", "policy", null, null, Map.of(), 202);
        assertThat(awaitRun(first)).isEqualTo("DONE");
        JsonNode done = api.call("GET", RUNS + "/{id}", RUNS + "/" + first, "policy", 200).json();
        assertThat(done.get("processed").longValue()).isEqualTo(ContractFixtures.BULK);
        api.call("POST", RUNS + "/{id}/resume", RUNS + "/" + first + "/resume", "policy", null, null, Map.of(), 409);
        return id;
    }

    long worklistTotal(String run, String status) {
        return api.call("GET", RUNS + "/{id}/worklist", run + "/worklist?status=" + status, "caseworker", 200).json()
                .get("total").longValue();
    }

    /** Lines of the worklist's CSV of one status, counted without quoting them (they name the household's head). */
    long csvLines(String run, String status) {
        return api.call("GET", RUNS + "/{id}/worklist.csv", run + "/worklist.csv?status=" + status, "caseworker",
                200).text().lines().count();
    }

    /** The run has items in one township, the example's, with its one item and {@code confirmed} of it confirmed. */
    void assertTownships(String run, long confirmed) {
        JsonNode townships = api.call("GET", RUNS + "/{id}/townships", run + "/townships", "caseworker", 200).json()
                .get("townships");
        JsonNode t = townships.get(0);
        boolean expected = townships.size() == 1 && t.get("county").stringValue().equals(ContractFixtures.COUNTY)
                && t.get("township").stringValue().equals(ContractFixtures.TOWNSHIP) && t.get("items").longValue() == 1
                && t.get("confirmed").longValue() == confirmed;
        assertThat(expected).as("one township, the example's, 1 item, " + confirmed + " confirmed; townships "
                + "(names masked): " + OpenApiClient.masked(townships)).isTrue();
    }

    /**
     * Each change of a member names that member as the register does; a change of the household names no one.
     * Checked without quoting a name.
     */
    static void assertMemberNames(JsonNode item) {
        Map<String, String> registered = new java.util.HashMap<>();
        for (JsonNode m : Json.MAPPER.readTree(ContractFixtures.registerExample()).get("members")) {
            registered.put(m.get("memberId").stringValue(), m.get("name").stringValue());
        }
        List<String> wrong = new ArrayList<>();
        int named = 0;
        for (JsonNode c : item.get("changes")) {
            JsonNode member = c.get("memberId");
            JsonNode name = c.get("memberName");
            boolean right = member.isNull() ? name.isNull()
                    : name.isString() && name.stringValue().equals(registered.get(member.stringValue()));
            named += member.isNull() ? 0 : 1;
            if (!right) {
                wrong.add(c.get("code").stringValue() + " of " + (member.isNull() ? "the household" : member.stringValue()));
            }
        }
        assertThat(wrong).as("changes whose memberName is not the member's registered name (or not null for the "
                + "household)").isEmpty();
        assertThat(named).as("changes of a member (the classified supplements)").isPositive();
    }

    /** The five bands and their words, as the issue names them, in this order. */
    static final List<String> BANDS = List.of("DOWN_MORE_5 减少超过5%", "DOWN_UP_TO_5 减少5%以内", "UNCHANGED 不变",
            "UP_TO_5 增加5%以内", "UP_MORE_5 增加超过5%");

    /**
     * An impact of the example household alone (a run's or a dry run's): the five bands in words, holding the one
     * household; one county; 低保兜底 (DIBAO_FALLBACK, standard × 3 members − 3,600 yuan agriculture income / 12; the
     * disability subsidy is excluded income) from {@code fallbackBefore} to {@code fallbackAfter} a month.
     */
    static void assertImpact(String what, JsonNode impact, String processedField, String fallbackBefore,
            String fallbackAfter) {
        assertThat(impact.get(processedField).longValue()).as(what + ": households evaluated").isEqualTo(1);
        List<String> bands = new ArrayList<>();
        long banded = 0;
        for (JsonNode b : impact.get("bands")) {
            bands.add(b.get("band").stringValue() + " " + b.get("label").stringValue());
            banded += b.get("households").longValue();
        }
        assertThat(bands).as(what + ": bands").isEqualTo(BANDS);
        assertThat(banded).as(what + ": households in the bands").isEqualTo(1);
        JsonNode counties = impact.get("byCounty");
        assertThat(counties.size()).as(what + ": counties").isEqualTo(1);
        assertThat(counties.get(0).get("county").stringValue()).isEqualTo(ContractFixtures.COUNTY);
        assertThat(counties.get(0).get("households").longValue()).as(what + ": households of the county")
                .isEqualTo(1);
        assertThat(counties.get(0).get("changed").longValue()).as(what + ": changed in the county")
                .isEqualTo(impact.get("changed").longValue()).isEqualTo(1);
        JsonNode fallback = null;
        for (JsonNode e : impact.get("byEntitlement")) {
            if (e.get("code").stringValue().equals("DIBAO_FALLBACK")) {
                fallback = e;
            }
        }
        assertThat(fallback).as(what + ": DIBAO_FALLBACK among the entitlements").isNotNull();
        assertThat(fallback.get("period").stringValue()).isEqualTo("MONTHLY");
        assertThat(List.of(fallback.get("householdsBefore").longValue(), fallback.get("householdsAfter").longValue(),
                fallback.get("added").longValue(), fallback.get("stopped").longValue()))
                .as(what + ": DIBAO_FALLBACK households before, after, added, stopped").containsExactly(1L, 1L, 0L, 0L);
        assertThat(fallback.get("amountBefore").decimalValue()).as(what + ": DIBAO_FALLBACK a month before")
                .isEqualByComparingTo(fallbackBefore);
        assertThat(fallback.get("amountAfter").decimalValue()).as(what + ": DIBAO_FALLBACK a month after")
                .isEqualByComparingTo(fallbackAfter);
        assertThat(fallback.get("annualAfter").decimalValue()).as(what + ": DIBAO_FALLBACK a year after")
                .isEqualByComparingTo(new java.math.BigDecimal(fallbackAfter).multiply(java.math.BigDecimal.valueOf(12)));
    }

    String awaitRun(long id) {
        Instant end = Instant.now().plus(JOB_WAIT);
        while (true) {
            String state = api.call("GET", RUNS + "/{id}", RUNS + "/" + id, "policy", 200).json().get("state")
                    .stringValue();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return state;
            }
            if (Instant.now().isAfter(end)) {
                fail("re-evaluation " + id + " still " + state + " after " + JOB_WAIT);
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final String REGISTER = "/api/v1/households";
    static final String ACCESS = "/api/v1/access-records";
    static final String HOUSEHOLD = ContractFixtures.HOUSEHOLD;

    /** Calls every register operation with valid requests (and a few refusals); the record's id. */
    long register() {
        byte[] example = ContractFixtures.registerExample();
        String json = "application/json";
        String one = REGISTER + "/" + HOUSEHOLD;
        OpenApiClient.Answer created = api.call("POST", REGISTER, REGISTER, "caseworker", json, example, Map.of(), 201);
        assertThat(created.json().get("version").intValue()).isEqualTo(1);
        api.call("POST", REGISTER, REGISTER, "caseworker", json, example, Map.of(), 409);
        api.call("GET", REGISTER + "/{id}", one, "caseworker", 200);
        api.call("GET", REGISTER + "/{id}", REGISTER + "/510411-2019-999999", "caseworker", 404);
        ObjectNode edit = (ObjectNode) Json.MAPPER.readTree(example);
        edit.put("phone", "13900000000");
        byte[] edited = Json.MAPPER.writeValueAsBytes(edit);
        api.call("PUT", REGISTER + "/{id}", one, "caseworker", json, edited, Map.of("If-Match", "\"1\""), 200);
        OpenApiClient.Answer stale = api.call("PUT", REGISTER + "/{id}", one, "caseworker", json, edited,
                Map.of("If-Match", "\"1\""), 409);
        assertThat(stale.json().get("currentVersion").intValue()).isEqualTo(2);
        // Invalid: a member without a name.
        ObjectNode unnamed = (ObjectNode) Json.MAPPER.readTree(example);
        unnamed.put("householdId", "510411-2019-000777");
        ((ObjectNode) unnamed.withArray("members").get(0)).remove("name");
        api.call("POST", REGISTER, REGISTER, "caseworker", json, Json.MAPPER.writeValueAsBytes(unnamed), Map.of(),
                400);
        assertThat(api.call("GET", REGISTER + "/{id}/versions", one + "/versions", "caseworker", 200).json().size())
                .isEqualTo(2);
        assertThat(api.call("GET", REGISTER, REGISTER + "?q=1311", "caseworker", 200).json().get("count").intValue())
                .isEqualTo(1);
        api.call("GET", REGISTER, REGISTER + "?township=" + java.net.URLEncoder.encode("大田镇", StandardCharsets.UTF_8),
                "caseworker", 200);
        OpenApiClient.Answer record = api.call("POST", REGISTER + "/{id}/determinations",
                one + "/determinations?asOf=2019-10-01", "caseworker", null, null, Map.of(), 201);
        long recordId = record.json().get("recordId").longValue();
        api.call("POST", REGISTER + "/{id}/determinations", REGISTER + "/510411-2019-999999/determinations",
                "caseworker", null, null, Map.of(), 404);
        api.call("GET", REGISTER + "/{id}/determinations", one + "/determinations", "caseworker", 200);
        api.call("GET", REGISTER + "/{id}/determinations/{recordId}/notice",
                one + "/determinations/" + recordId + "/notice", "caseworker", 200);
        api.call("GET", "/api/v1/determinations/{recordId}", "/api/v1/determinations/" + recordId, "caseworker", 200);
        api.call("GET", "/api/v1/determinations/{recordId}", "/api/v1/determinations/999999", "caseworker", 404);
        OpenApiClient.Answer replay = api.call("POST", "/api/v1/determinations/{recordId}/replay",
                "/api/v1/determinations/" + recordId + "/replay", "caseworker", null, null, Map.of(), 200);
        assertThat(replay.json().get("identical").booleanValue()).isTrue();
        api.call("GET", ACCESS, ACCESS + "?householdId=" + HOUSEHOLD, "policy", 200);
        return recordId;
    }

    String await(String id) {
        Instant end = Instant.now().plus(JOB_WAIT);
        while (true) {
            String state = api.call("GET", JOBS + "/{id}", JOBS + "/" + id, "policy", 200).json().get("state")
                    .stringValue();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return state;
            }
            if (Instant.now().isAfter(end)) {
                fail("job " + id + " still " + state + " after " + JOB_WAIT);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
