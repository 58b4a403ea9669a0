package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.pzh.eligibility.client.ApiClient;
import cn.pzh.eligibility.client.ApiException;
import cn.pzh.eligibility.client.ApiResponse;
import cn.pzh.eligibility.client.api.BatchesApi;
import cn.pzh.eligibility.client.api.DeterminationControllerApi;
import cn.pzh.eligibility.client.api.HouseholdControllerApi;
import cn.pzh.eligibility.client.api.ParametersControllerApi;
import cn.pzh.eligibility.client.api.ProposalControllerApi;
import cn.pzh.eligibility.client.api.RecordControllerApi;
import cn.pzh.eligibility.client.api.ReevaluationControllerApi;
import cn.pzh.eligibility.client.api.ReloadControllerApi;
import cn.pzh.eligibility.client.api.RulesetControllerApi;
import cn.pzh.eligibility.client.model.Access;
import cn.pzh.eligibility.client.model.Band;
import cn.pzh.eligibility.client.model.BatchResponse;
import cn.pzh.eligibility.client.model.BatchResult;
import cn.pzh.eligibility.client.model.ChangeView;
import cn.pzh.eligibility.client.model.CountyImpact;
import cn.pzh.eligibility.client.model.Determination;
import cn.pzh.eligibility.client.model.DryRun;
import cn.pzh.eligibility.client.model.Entitlement;
import cn.pzh.eligibility.client.model.EntitlementImpact;
import cn.pzh.eligibility.client.model.Household;
import cn.pzh.eligibility.client.model.HouseholdView;
import cn.pzh.eligibility.client.model.ItemView;
import cn.pzh.eligibility.client.model.JobView;
import cn.pzh.eligibility.client.model.ParameterCodes;
import cn.pzh.eligibility.client.model.ParameterHistory;
import cn.pzh.eligibility.client.model.ParametersView;
import cn.pzh.eligibility.client.model.ProblemBody;
import cn.pzh.eligibility.client.model.Proposal;
import cn.pzh.eligibility.client.model.ProposalRequest;
import cn.pzh.eligibility.client.model.ProposalRequestValue;
import cn.pzh.eligibility.client.model.Published;
import cn.pzh.eligibility.client.model.RecordView;
import cn.pzh.eligibility.client.model.ReevaluationImpact;
import cn.pzh.eligibility.client.model.RegisteredHousehold;
import cn.pzh.eligibility.client.model.RegisteredMember;
import cn.pzh.eligibility.client.model.ReloadReport;
import cn.pzh.eligibility.client.model.ReloadStatus;
import cn.pzh.eligibility.client.model.ReplayView;
import cn.pzh.eligibility.client.model.RulesetView;
import cn.pzh.eligibility.client.model.RunView;
import cn.pzh.eligibility.client.model.SearchView;
import cn.pzh.eligibility.client.model.StartRequest;
import cn.pzh.eligibility.client.model.Township;
import cn.pzh.eligibility.client.model.Worklist;
import cn.pzh.eligibility.store.Store;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The client openapi-generator makes from the committed document (java, library native: Java 11 HttpClient and
 * Jackson 2; see service/pom.xml) calls every operation of the running service with valid requests and reads the
 * typed answers; a few documented refusals too. Its object mapper refuses unknown properties, so a field the
 * service writes that the document does not name fails here, and so does a field whose documented type is not
 * what the service writes (a determination described as a string, say). OpenApiSnapshotTest keeps the committed
 * document equal to the live one.
 *
 * <p>Register answers carry names and identity numbers: they are never handed to an assertion that would quote
 * them, and a failed call is reported by its status and problem type alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reload.watch=false", "batches.threads=1"})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GeneratedClientTest {

    static final Path REGISTER_EXAMPLE = ContractFixtures.REGISTER_EXAMPLE;
    static final String ID = ContractFixtures.HOUSEHOLD;
    /** Publishing a proposal writes into the rules directory: a copy of the repository's. */
    static final RulesCopy RULES = new RulesCopy();
    static final LocalDate AS_OF = LocalDate.parse("2019-10-01");
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

    /** "METHOD /concrete/path" of every request the generated client sent, with its status. */
    final List<String> sent = new ArrayList<>();

    ApiClient client(String user, String password) {
        ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
        // Strict where the generator is lenient: an undocumented field is a defect of the document.
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // A parse error must not quote the answer (register answers carry names).
        mapper.disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);
        ApiClient c = new ApiClient(ApiClient.createDefaultHttpClientBuilder(), mapper, "http://localhost:" + port);
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        c.setRequestInterceptor(b -> b.header("Authorization", basic));
        c.setResponseInterceptor(r -> {
            synchronized (sent) {
                sent.add(r.request().method() + " " + r.request().uri().getRawPath() + " " + r.statusCode());
            }
        });
        c.setReadTimeout(Duration.ofSeconds(60));
        return c;
    }

    /** The call's answer; a refused call fails with its status and problem type, never its body. */
    static <T> T ok(String what, Callable<T> call) throws Exception {
        try {
            return call.call();
        } catch (ApiException e) {
            // Code 0: the client failed on the answer itself (its type, say); the cause names the field, not the value.
            throw new AssertionError(what + " answered " + e.getCode() + " " + problemType(e)
                    + (e.getCode() == 0 && e.getCause() != null ? " " + e.getCause().getClass().getSimpleName() : ""));
        }
    }

    /** The problem of a call that must be refused with {@code status}. */
    static ProblemBody refused(ObjectMapper mapper, String what, int status, Callable<?> call) throws Exception {
        try {
            call.call();
        } catch (ApiException e) {
            assertThat(e.getCode()).as(what + " (" + problemType(e) + ")").isEqualTo(status);
            if (e.getResponseBody() == null || e.getResponseBody().isEmpty()) {
                return null;
            }
            assertThat(e.getResponseHeaders().firstValue("Content-Type").orElse(""))
                    .as(what + " content type").startsWith("application/problem+json");
            return mapper.readValue(e.getResponseBody(), ProblemBody.class);
        }
        throw new AssertionError(what + " was not refused; expected " + status);
    }

    private static String problemType(ApiException e) {
        String body = e.getResponseBody();
        if (body == null) {
            return "(no body)";
        }
        try {
            Map<?, ?> p = new ObjectMapper().readValue(body, Map.class);
            return "type=" + p.get("type") + " title=" + p.get("title");
        } catch (Exception notJson) {
            return "(a body that is not JSON, " + body.length() + " characters)";
        }
    }

    static String grant(Entitlement e) {
        return e.getCode() + " " + (e.getMemberId() == null ? "-" : e.getMemberId()) + " "
                + e.getAmount().setScale(2).toPlainString();
    }

    @Test
    void everyOperationThroughTheGeneratedClient() throws Exception {
        ApiClient caseworker = client(Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
        ApiClient policy = client(Http.POLICY, Http.POLICY_PASSWORD);
        ObjectMapper mapper = caseworker.getObjectMapper();

        // Ruleset and parameters, with the ETag round trip.
        RulesetControllerApi rulesets = new RulesetControllerApi(caseworker);
        ApiResponse<RulesetView> ruleset = ok("GET ruleset", () -> rulesets.rulesetWithHttpInfo(null));
        assertThat(ruleset.getData().getRuleCount()).isPositive();
        assertThat(ruleset.getData().getVersion()).isNotBlank();
        String etag = ruleset.getHeaders().get("ETag").get(0);
        refused(mapper, "GET ruleset If-None-Match", 304, () -> rulesets.ruleset(etag));
        ParametersControllerApi parameters = new ParametersControllerApi(caseworker);
        ParametersView params = ok("GET parameters", () -> parameters.parameters(AS_OF, null));
        assertThat(params.getAsOf()).isEqualTo(AS_OF);
        assertThat(params.getRulesetVersion()).isEqualTo(ruleset.getData().getVersion());
        assertThat(params.getParameters()).isNotEmpty();

        // A trial calculation of the contract's example; amounts by hand from POLICY.md as in DeterminationApiTest.
        Household example = mapper.readValue(Files.readString(Http.EXAMPLE), Household.class);
        DeterminationControllerApi determinations = new DeterminationControllerApi(caseworker);
        Determination d = ok("POST determinations", () -> determinations.determine1(example, AS_OF));
        assertThat(d.getHouseholdId()).isEqualTo(ID);
        assertThat(d.getAsOf()).isEqualTo(AS_OF);
        assertThat(d.getTrial()).isTrue();
        assertThat(d.getEntitlements().stream().map(GeneratedClientTest::grant)).containsExactlyInAnyOrder(
                "DIBAO_FALLBACK - 930.00", "DIBAO_CLASSIFIED_SUPPLEMENT m1 82.00",
                "DIBAO_CLASSIFIED_SUPPLEMENT m2 123.00", "DIBAO_CLASSIFIED_SUPPLEMENT m3 41.00",
                "DISABILITY_LIVING_SUBSIDY m1 90.00", "SEVERE_DISABILITY_NURSING_SUBSIDY m1 50.00",
                "MEDICAL_ASSISTANCE m1 2520.00", "PENSION_CONTRIBUTION m2 100.00", "EDUCATION_AID m3 1000.00");
        assertThat(d.getTotals().getMonthly()).isEqualByComparingTo("1316.00");
        assertThat(d.getTotals().getAnnual()).isEqualByComparingTo("1100.00");
        assertThat(d.getTotals().getOneOff()).isEqualByComparingTo("2520.00");
        // The date may come in the body (the document says so; the generated Household carries it).
        Household withAsOf = mapper.readValue(Files.readString(Http.EXAMPLE), Household.class).asOf(AS_OF);
        assertThat(ok("POST determinations, asOf in the body", () -> determinations.determine1(withAsOf, null))
                .getTotals()).isEqualTo(d.getTotals());

        // A household without a county and with an impossible birth date: 400, both fields named.
        Household bad = mapper.readValue(Files.readString(Http.EXAMPLE), Household.class);
        bad.setCounty(null);
        bad.getMembers().get(1).setBirthDate(null);
        ProblemBody invalid = refused(mapper, "POST determinations, bad", 400, () -> determinations.determine1(bad, AS_OF));
        assertThat(invalid.getStatus()).isEqualTo(400);
        assertThat(invalid.getErrors()).extracting(e -> e.getPath())
                .containsExactlyInAnyOrder("county", "members[1].birthDate");
        BatchResponse batch = ok("POST determinations/batch",
                () -> determinations.determineBatch(List.of(example, bad), AS_OF));
        assertThat(batch.getCount()).isEqualTo(2);
        assertThat(batch.getFailed()).isEqualTo(1);
        assertThat(batch.getResults()).extracting(BatchResult::getStatus).extracting(Object::toString)
                .containsExactly("OK", "INVALID");
        assertThat(batch.getResults().get(0).getDetermination().getTotals()).isEqualTo(d.getTotals());

        // Reload: a dry run (swaps nothing), then the status that shows it.
        ReloadControllerApi reloads = new ReloadControllerApi(policy);
        ReloadReport dry = ok("POST ruleset/reload?dryRun", () -> reloads.reload(true));
        assertThat(dry.getDryRun()).isTrue();
        assertThat(dry.getCandidateVersion()).isEqualTo(ruleset.getData().getVersion());
        ReloadStatus status = ok("GET ruleset/reload", () -> new ReloadControllerApi(caseworker).status());
        assertThat(status.getLastReload()).isNotNull();
        assertThat(status.getServingVersion()).isEqualTo(ruleset.getData().getVersion());
        refused(mapper, "POST ruleset/reload as a caseworker", 403, () -> new ReloadControllerApi(caseworker).reload(true));

        batchJobs(policy, mapper);
        register(caseworker, policy, mapper, d);
        proposals(policy, mapper);
        reevaluations(caseworker, policy, mapper);

        // Every operation of the document was answered 2xx at least once.
        JsonOps ops = JsonOps.of(mapper);
        List<String> never = new ArrayList<>();
        for (String op : ops.operations) {
            String[] mp = op.split(" ", 2);
            Pattern path = Pattern.compile(mp[1].replaceAll("\\{[^}]+}", "[^/]+"));
            boolean answered = sent.stream().map(s -> s.split(" ")).anyMatch(s -> s[0].equals(mp[0])
                    && path.matcher(s[1]).matches() && s[2].startsWith("2"));
            if (!answered) {
                never.add(op);
            }
        }
        assertThat(never).as("operations the generated client never got a 2xx from").isEmpty();
    }

    void batchJobs(ApiClient policy, ObjectMapper mapper) throws Exception {
        BatchesApi jobs = new BatchesApi(policy);
        String household = Files.readString(Http.EXAMPLE).replaceAll("\\s*\\n\\s*", " ");
        Map<String, Object> badLine = mapper.readValue(household, new TypeReference<LinkedHashMap<String, Object>>() { });
        badLine.remove("county");
        Path caseload = temp.resolve("caseload.jsonl");
        Files.writeString(caseload, household + "\n" + mapper.writeValueAsString(badLine) + "\n");
        Path wrong = temp.resolve("wrong.csv");
        Files.writeString(wrong, "foo,bar\n1,2\n");
        // 2022's rules against 2019's: the diff is not empty.
        JobView compared = ok("POST batches", () -> jobs.submit(null, LocalDate.parse("2022-01-01"), AS_OF, null,
                caseload.toFile()));
        assertThat(compared.getFileName()).isEqualTo("caseload.jsonl");
        JobView failing = ok("POST batches, a bad CSV", () -> jobs.submit(null, AS_OF, null, null, wrong.toFile()));
        assertThat(await(jobs, compared.getId())).isEqualTo("DONE");
        assertThat(await(jobs, failing.getId())).isEqualTo("FAILED");
        List<JobView> listed = ok("GET batches", () -> jobs.callList());
        assertThat(listed).extracting(JobView::getId)
                .contains(compared.getId(), failing.getId());
        File results = ok("GET results", () -> jobs.results(compared.getId()));
        assertThat(Files.readAllLines(results.toPath())).hasSize(1);
        File errors = ok("GET errors", () -> jobs.errors(compared.getId()));
        // One line per refused field: the second line's missing county.
        List<String> errorLines = Files.readAllLines(errors.toPath());
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.get(0)).contains("\"county\"");
        File diff = ok("GET diff", () -> jobs.diff(compared.getId()));
        assertThat(Files.readAllLines(diff.toPath())).hasSize(1);
        File report = ok("GET report", () -> jobs.report(compared.getId()));
        assertThat(Files.readString(report.toPath())).containsIgnoringCase("<html");
        JobView resumed = ok("POST resume", () -> jobs.resume(failing.getId()));
        assertThat(resumed.getId()).isEqualTo(failing.getId());
        refused(mapper, "POST resume of a finished job", 409, () -> jobs.resume(compared.getId()));
        refused(mapper, "GET a job that does not exist", 404, () -> jobs.job("no-such-job"));
        await(jobs, failing.getId());
    }

    String await(BatchesApi jobs, String id) throws Exception {
        Instant end = Instant.now().plus(JOB_WAIT);
        while (true) {
            String state = ok("GET batches/{id}", () -> jobs.job(id)).getState().getValue();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return state;
            }
            if (Instant.now().isAfter(end)) {
                fail("job " + id + " still " + state + " after " + JOB_WAIT);
            }
            Thread.sleep(200);
        }
    }

    void register(ApiClient caseworker, ApiClient policy, ObjectMapper mapper, Determination trial) throws Exception {
        HouseholdControllerApi households = new HouseholdControllerApi(caseworker);
        Map<String, Object> doc = mapper.readValue(REGISTER_EXAMPLE.toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        HouseholdView created = ok("POST households", () -> households.create(doc));
        assertThat(created.getHouseholdId()).isEqualTo(ID);
        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getSavedBy()).isEqualTo(Http.CASEWORKER);
        refused(mapper, "POST households again", 409, () -> households.create(doc));

        HouseholdView got = ok("GET households/{id}", () -> households.get(ID));
        assertThat(got.getVersion()).isEqualTo(1);
        boolean sameDocument = mapper.convertValue(doc, RegisteredHousehold.class).equals(got.getHousehold())
                && got.getHousehold().getMembers().stream().allMatch(m -> m.getName() != null);
        assertThat(sameDocument).as("the registered household reads back as sent").isTrue();

        Map<String, Object> edit = new LinkedHashMap<>(doc);
        edit.put("phone", "13900000000");
        HouseholdView saved = ok("PUT households/{id}", () -> households.update(ID, edit, "\"1\""));
        assertThat(saved.getVersion()).isEqualTo(2);
        ProblemBody stale = refused(mapper, "PUT on a stale version", 409, () -> households.update(ID, edit, "\"1\""));
        assertThat(stale.getBaseVersion()).isEqualTo(1);
        assertThat(stale.getCurrentVersion()).isEqualTo(2);
        refused(mapper, "GET a household not registered", 404, () -> households.get("510411-2019-999999"));

        assertThat(ok("GET versions", () -> households.versions(ID))).extracting(HouseholdView::getVersion)
                .containsExactlyInAnyOrder(1, 2);
        SearchView found = ok("GET households?q=", () -> households.search("1311", null, null));
        assertThat(found.getCount()).isEqualTo(1);
        assertThat(found.getHouseholds().get(0).getHouseholdId()).isEqualTo(ID);
        boolean masked = found.getHouseholds().get(0).getMembers().stream()
                .noneMatch(m -> m.getMaskedIdNumber() != null && m.getMaskedIdNumber().matches("\\d{17}[\\dX]"));
        assertThat(masked).as("search hits carry masked identity numbers only").isTrue();

        // The same facts determined and recorded: the same amounts as the trial calculation of the same facts.
        RecordView record = ok("POST households/{id}/determinations", () -> households.determine(ID, AS_OF));
        assertThat(record.getFactsVersion()).isEqualTo(2);
        assertThat(record.getAsOf()).isEqualTo(AS_OF);
        assertThat(record.getCurrent()).isTrue();
        assertThat(record.getDetermination().getTotals()).isEqualTo(trial.getTotals());
        assertThat(record.getDetermination().getTrial()).as("a recorded determination is no trial").isNull();
        assertThat(ok("GET households/{id}/determinations", () -> households.history(ID)))
                .extracting(RecordView::getRecordId).containsExactly(record.getRecordId());
        File notice = ok("GET notice", () -> households.notice(ID, record.getRecordId()));
        assertThat(Files.readString(notice.toPath()).toLowerCase(Locale.ROOT).contains("<html"))
                .as("the notice is a page").isTrue();
        Files.delete(notice.toPath()); // it names the household's members

        RecordControllerApi records = new RecordControllerApi(caseworker);
        RecordView back = ok("GET determinations/{recordId}", () -> records.get1(record.getRecordId()));
        assertThat(back.getDetermination()).isEqualTo(record.getDetermination());
        ReplayView replay = ok("POST replay", () -> records.replay(record.getRecordId(), null));
        assertThat(replay.getIdentical()).isTrue();
        assertThat(replay.getDifferences()).isEmpty();
        assertThat(replay.getDetermination()).isEqualTo(record.getDetermination());
        refused(mapper, "GET a record that does not exist", 404, () -> records.get1(999_999L));

        List<Access> access = ok("GET access-records", () -> new RecordControllerApi(policy).access(ID, null));
        Set<String> purposes = new TreeSet<>();
        access.forEach(a -> purposes.add(a.getPurpose().getValue()));
        assertThat(purposes).contains("SAVE", "OPEN", "DETERMINE", "PRINT", "REPLAY");
        refused(mapper, "GET access-records as a caseworker", 403, () -> records.access(ID, null));
    }

    /** Policy staff's proposals: the parameters, a draft, its dry run, publishing it. */
    void proposals(ApiClient policy, ObjectMapper mapper) throws Exception {
        ProposalControllerApi proposals = new ProposalControllerApi(policy);
        List<ParameterHistory> parameters = ok("GET policy/parameters", proposals::proposalParameters).getParameters();
        assertThat(parameters).extracting(ParameterHistory::getName).contains("dibao.standard.rural");
        // Built, not read from ContractFixtures.PROPOSAL: the generated oneOf reads 470 as a number, a string and a
        // yes/no at once (its own coercion); it only ever has to write one.
        ProposalRequest request = proposal().value(new ProposalRequestValue(new BigDecimal("470")));
        Proposal draft = ok("POST proposals", () -> proposals.proposalPropose(request));
        assertThat(draft.getState()).isEqualTo("DRAFT");
        assertThat(draft.getFrom()).isEqualTo(request.getFrom());
        ProposalRequest negative = proposal().value(new ProposalRequestValue(new BigDecimal("-5")));
        ProblemBody bad = refused(mapper, "POST proposals, a negative standard", 400,
                () -> proposals.proposalPropose(negative));
        assertThat(bad.getErrors()).extracting(e -> e.getPath()).containsExactly("value");
        // A list of codes goes out as a JSON list: lower case is refused by name.
        ParameterCodes lowerCase = new ParameterCodes();
        lowerCase.add("disability_subsidy");
        ProposalRequest codes = proposal().parameter("dibao.excluded_income_types")
                .value(new ProposalRequestValue(lowerCase));
        assertThat(mapper.writeValueAsString(codes)).contains("\"value\":[\"disability_subsidy\"]");
        ProblemBody badCodes = refused(mapper, "POST proposals, codes in lower case", 400,
                () -> proposals.proposalPropose(codes));
        assertThat(badCodes.getErrors()).extracting(e -> e.getPath()).containsExactly("value");
        assertThat(ok("GET proposals", proposals::proposalList).getProposals()).extracting(Proposal::getId)
                .containsExactly(draft.getId());
        assertThat(ok("GET proposals/{id}", () -> proposals.proposalGet(draft.getId())).getDiff())
                .contains("+      value: 470");
        DryRun dry = ok("POST dry-run", () -> proposals.proposalDryRun(draft.getId()));
        assertThat(dry.getOutcome()).isEqualTo("WOULD_SWAP");
        assertThat(dry.getImpact().getHouseholds()).isEqualTo(1L);
        // On the proposal's date, 2025-01-01: the rural standard in service is 440 (since 2021-12-01), the draft's 470.
        assertImpact("the dry run's impact", dry.getImpact().getEvaluated(), dry.getImpact().getChanged(),
                dry.getImpact().getBands(), dry.getImpact().getByCounty(), dry.getImpact().getByEntitlement(),
                "1020.00", "1110.00");
        Published published = ok("POST publish", () -> proposals.proposalPublish(draft.getId()));
        assertThat(published.getReport().getOutcome().getValue()).isEqualTo("SWAPPED");
        assertThat(published.getProposal().getState()).isEqualTo("PUBLISHED");
        refused(mapper, "POST publish again", 409, () -> proposals.proposalPublish(draft.getId()));
        refused(mapper, "GET a proposal that does not exist", 404,
                () -> proposals.proposalGet(ContractFixtures.UNKNOWN_NUMBER));
    }

    /** ContractFixtures.PROPOSAL without its value. */
    static ProposalRequest proposal() {
        return new ProposalRequest().parameter("dibao.standard.rural").from(LocalDate.parse("2025-01-01"))
                .reference("攀枝花市民政局 2025 年第 3 号通知（契约测试）");
    }

    /**
     * A re-evaluation of the example's township under the published standard: worklist, CSV, impact, errors, the
     * item confirmed and its notices; then runs of a made-up township, stopped and resumed.
     */
    void reevaluations(ApiClient caseworker, ApiClient policy, ObjectMapper mapper) throws Exception {
        ReevaluationControllerApi runs = new ReevaluationControllerApi(policy);
        ReevaluationControllerApi worklists = new ReevaluationControllerApi(caseworker);
        LocalDate asOf = LocalDate.parse(ContractFixtures.RUN_AS_OF);
        RunView run = ok("POST reevaluations",
                () -> runs.reevaluationStart(new StartRequest().asOf(asOf).township(ContractFixtures.TOWNSHIP)));
        assertThat(run.getAsOf()).isEqualTo(asOf);
        assertThat(awaitRun(runs, run.getId())).isEqualTo("DONE");
        assertThat(ok("GET reevaluations", runs::reevaluationList).getRuns()).extracting(RunView::getId)
                .contains(run.getId());
        // Caseworkers find the runs whose worklists they work through.
        assertThat(ok("GET reevaluations as a caseworker", worklists::reevaluationList).getRuns())
                .extracting(RunView::getId).contains(run.getId());
        assertThat(ok("GET reevaluations/{id} as a caseworker", () -> worklists.reevaluationGet(run.getId()))
                .getChanged()).isEqualTo(1L);
        Worklist worklist = ok("GET worklist", () -> worklists.reevaluationWorklist(run.getId(), null, null, null,
                null, null, "place", 0, 50));
        assertThat(worklist.getTotal()).isEqualTo(1L);
        assertThat(worklist.getItems()).extracting(ItemView::getHouseholdId).containsExactly(ID);
        assertMemberNames(mapper, worklist.getItems().get(0));
        assertThat(worklistTotal(worklists, run.getId(), "PROPOSED")).as("proposed before confirmation").isEqualTo(1L);
        assertThat(worklistTotal(worklists, run.getId(), "CONFIRMED")).as("confirmed before confirmation").isZero();
        ProblemBody badStatus = refused(mapper, "GET worklist?status=DONE", 400, () -> worklists
                .reevaluationWorklist(run.getId(), null, null, null, null, "DONE", null, null, null));
        assertThat(badStatus.getErrors()).extracting(e -> e.getPath()).containsExactly("status");
        assertThat(csvLines(worklists, run.getId(), null)).as("a header and the one item").isEqualTo(2);
        assertThat(csvLines(worklists, run.getId(), "CONFIRMED")).as("confirmed before confirmation: a header")
                .isEqualTo(1);
        assertTownships(worklists, run.getId(), 0L);
        refused(mapper, "GET the townships of a run that does not exist", 404,
                () -> worklists.reevaluationTownships(ContractFixtures.UNKNOWN_NUMBER));
        assertThat(ok("GET errors", () -> runs.reevaluationErrors(run.getId(), null)).getTotal()).isZero();
        ReevaluationImpact impact = ok("GET impact", () -> runs.reevaluationImpact(run.getId()));
        assertThat(impact.getChanged()).isEqualTo(1L);
        assertThat(impact.getAsOf()).isEqualTo(asOf);
        assertImpact("the run's impact", impact.getProcessed(), impact.getChanged(), impact.getBands(),
                impact.getByCounty(), impact.getByEntitlement(), "930.00", "1110.00");
        refused(mapper, "GET notice before confirmation", 409,
                () -> worklists.reevaluationNotice(run.getId(), ID));
        ItemView confirmed = ok("POST confirm", () -> worklists.reevaluationConfirm(run.getId(), ID));
        assertThat(confirmed.getStatus()).isEqualTo("CONFIRMED");
        assertThat(confirmed.getRecordId()).isNotNull();
        assertMemberNames(mapper, confirmed);
        refused(mapper, "POST confirm again", 409, () -> worklists.reevaluationConfirm(run.getId(), ID));
        assertThat(worklistTotal(worklists, run.getId(), "PROPOSED")).as("proposed after confirmation").isZero();
        assertThat(worklistTotal(worklists, run.getId(), "CONFIRMED")).as("confirmed after confirmation")
                .isEqualTo(1L);
        assertThat(csvLines(worklists, run.getId(), "CONFIRMED")).as("confirmed: a header and the item").isEqualTo(2);
        assertThat(csvLines(worklists, run.getId(), "PROPOSED")).as("proposed after confirmation: a header")
                .isEqualTo(1);
        assertTownships(worklists, run.getId(), 1L);
        for (File page : List.of(ok("GET notice", () -> worklists.reevaluationNotice(run.getId(), ID)),
                ok("GET notices", () -> worklists.reevaluationNotices(run.getId(), ContractFixtures.TOWNSHIP, null)),
                ok("GET notices of the county's township", () -> worklists.reevaluationNotices(run.getId(),
                        ContractFixtures.TOWNSHIP, ContractFixtures.COUNTY)))) {
            boolean html = Files.readString(page.toPath()).toLowerCase(Locale.ROOT).contains("<html");
            Files.delete(page.toPath()); // it names the household's members
            assertThat(html).as("a notice is a page").isTrue();
        }
        refused(mapper, "GET a run that does not exist", 404,
                () -> runs.reevaluationGet(ContractFixtures.UNKNOWN_NUMBER));

        // A run of BULK households is still going when the stops arrive (the one queued behind it certainly is).
        store.register().createAll(ContractFixtures.bulkHouseholds(), Http.CASEWORKER);
        StartRequest bulk = new StartRequest().asOf(asOf).township(ContractFixtures.BULK_TOWNSHIP);
        RunView first = ok("POST reevaluations, bulk", () -> runs.reevaluationStart(bulk));
        RunView second = ok("POST reevaluations, bulk again", () -> runs.reevaluationStart(bulk));
        ok("POST stop, queued", () -> runs.reevaluationStop(second.getId()));
        ok("POST stop, running", () -> runs.reevaluationStop(first.getId()));
        assertThat(awaitRun(runs, first.getId())).isEqualTo("STOPPED");
        assertThat(awaitRun(runs, second.getId())).isEqualTo("STOPPED");
        refused(mapper, "POST stop, stopped", 409, () -> runs.reevaluationStop(first.getId()));
        assertThat(ok("POST resume", () -> runs.reevaluationResume(first.getId())).getId()).isEqualTo(first.getId());
        assertThat(awaitRun(runs, first.getId())).isEqualTo("DONE");
        assertThat(ok("GET run", () -> runs.reevaluationGet(first.getId())).getProcessed())
                .isEqualTo((long) ContractFixtures.BULK);
    }

    static long worklistTotal(ReevaluationControllerApi worklists, long run, String status) throws Exception {
        return ok("GET worklist?status=" + status, () -> worklists.reevaluationWorklist(run, null, null, null, null,
                status, null, null, null)).getTotal();
    }

    /** Lines of the worklist's CSV (of one status, or all): read, never quoted (it names the household's head). */
    static long csvLines(ReevaluationControllerApi worklists, long run, String status) throws Exception {
        File csv = ok("GET worklist.csv?status=" + status, () -> worklists.reevaluationWorklistCsv(run, null, null,
                null, null, status, null));
        long lines = Files.readAllLines(csv.toPath()).size();
        Files.delete(csv.toPath());
        return lines;
    }

    /** The run has items in one township, the example's: its one item, {@code confirmed} of it confirmed. */
    static void assertTownships(ReevaluationControllerApi worklists, long run, long confirmed) throws Exception {
        List<Township> townships = ok("GET townships", () -> worklists.reevaluationTownships(run)).getTownships();
        // Township names are part of an address: compared, never quoted.
        boolean expected = townships.size() == 1
                && ContractFixtures.COUNTY.equals(townships.get(0).getCounty())
                && ContractFixtures.TOWNSHIP.equals(townships.get(0).getTownship())
                && townships.get(0).getItems() == 1L && townships.get(0).getConfirmed() == confirmed;
        assertThat(expected).as("one township, the example's, with 1 item and " + confirmed + " confirmed ("
                + townships.size() + " townships)").isTrue();
    }

    /**
     * Each change of a member names that member as the register does; a change of the household names no one.
     * Compared without quoting a name.
     */
    static void assertMemberNames(ObjectMapper mapper, ItemView item) throws Exception {
        Map<String, String> registered = new HashMap<>();
        for (RegisteredMember m : mapper.readValue(REGISTER_EXAMPLE.toFile(), RegisteredHousehold.class)
                .getMembers()) {
            registered.put(m.getMemberId(), m.getName());
        }
        List<String> wrong = new ArrayList<>();
        int named = 0;
        for (ChangeView c : item.getChanges()) {
            boolean right = c.getMemberId() == null ? c.getMemberName() == null
                    : c.getMemberName() != null && c.getMemberName().equals(registered.get(c.getMemberId()));
            named += c.getMemberId() == null ? 0 : 1;
            if (!right) {
                wrong.add(c.getCode() + " of " + (c.getMemberId() == null ? "the household" : c.getMemberId()));
            }
        }
        assertThat(wrong).as("changes whose memberName is not the member's registered name (or not null for the "
                + "household)").isEmpty();
        assertThat(named).as("changes of a member (the classified supplements)").isPositive();
    }

    /**
     * An impact of the example household alone (a run's or a dry run's): the five bands in the words, holding
     * the one household; one county; 低保兜底 (standard × 3 members − 3,600 yuan agriculture income / 12, the
     * disability subsidy being excluded income) from {@code fallbackBefore} to {@code fallbackAfter} a month.
     */
    static void assertImpact(String what, long processed, long changed, List<Band> bands,
            List<CountyImpact> counties, List<EntitlementImpact> entitlements, String fallbackBefore,
            String fallbackAfter) {
        assertThat(processed).as(what + ": households evaluated").isEqualTo(1L);
        assertThat(bands).extracting(b -> b.getBand().getValue() + " " + b.getLabel()).as(what + ": bands")
                .containsExactly("DOWN_MORE_5 减少超过5%", "DOWN_UP_TO_5 减少5%以内", "UNCHANGED 不变",
                        "UP_TO_5 增加5%以内", "UP_MORE_5 增加超过5%");
        assertThat(bands.stream().mapToLong(Band::getHouseholds).sum()).as(what + ": households in the bands")
                .isEqualTo(1L);
        assertThat(counties).extracting(CountyImpact::getCounty, CountyImpact::getHouseholds,
                CountyImpact::getChanged).as(what + ": by county")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ContractFixtures.COUNTY, 1L, changed));
        EntitlementImpact fallback = entitlements.stream().filter(e -> e.getCode().equals("DIBAO_FALLBACK"))
                .findFirst().orElseThrow(() -> new AssertionError(what + ": no DIBAO_FALLBACK among the entitlements"));
        assertThat(fallback.getPeriod()).isEqualTo("MONTHLY");
        assertThat(List.of(fallback.getHouseholdsBefore(), fallback.getHouseholdsAfter(), fallback.getAdded(),
                fallback.getStopped())).as(what + ": DIBAO_FALLBACK households before, after, added, stopped")
                .containsExactly(1L, 1L, 0L, 0L);
        assertThat(fallback.getAmountBefore()).as(what + ": DIBAO_FALLBACK a month before")
                .isEqualByComparingTo(fallbackBefore);
        assertThat(fallback.getAmountAfter()).as(what + ": DIBAO_FALLBACK a month after")
                .isEqualByComparingTo(fallbackAfter);
        assertThat(fallback.getAnnualAfter()).as(what + ": DIBAO_FALLBACK a year after")
                .isEqualByComparingTo(new BigDecimal(fallbackAfter).multiply(BigDecimal.valueOf(12)));
    }

    String awaitRun(ReevaluationControllerApi runs, long id) throws Exception {
        Instant end = Instant.now().plus(JOB_WAIT);
        while (true) {
            String state = ok("GET reevaluations/{id}", () -> runs.reevaluationGet(id)).getState();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return state;
            }
            if (Instant.now().isAfter(end)) {
                fail("re-evaluation " + id + " still " + state + " after " + JOB_WAIT);
            }
            Thread.sleep(100);
        }
    }

    /** The operations of the committed document the client was generated from. */
    record JsonOps(List<String> operations) {
        static JsonOps of(ObjectMapper mapper) throws Exception {
            Map<String, Map<String, Object>> paths = mapper.readValue(OpenApiSnapshotTest.SNAPSHOT.toFile(),
                    new TypeReference<Map<String, Object>>() { }).entrySet().stream()
                    .filter(e -> e.getKey().equals("paths")).map(e -> castPaths(e.getValue())).findFirst().orElseThrow();
            List<String> out = new ArrayList<>();
            paths.forEach((path, item) -> item.keySet().forEach(m -> {
                if (path.startsWith("/api/") && Set.of("get", "put", "post", "delete", "patch").contains(m)) {
                    out.add(m.toUpperCase(Locale.ROOT) + " " + path);
                }
            }));
            return new JsonOps(out);
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Map<String, Object>> castPaths(Object o) {
            return new HashMap<>((Map<String, Map<String, Object>>) o);
        }
    }
}
