package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Reload on demand against a copy of the repository's rules and test-cases, edited as policy staff would edit them.
 * The watcher is off here (RulesWatcherTest covers it) so that each reload is the one the test asks for. The
 * publish gate compares over src/test/resources/reference-caseload.jsonl on 2025-06-01.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReloadApiTest {

    static final RulesCopy COPY = new RulesCopy();
    static final String AS_OF = "2025-06-01";

    @DynamicPropertySource
    static void rulesCopy(DynamicPropertyRegistry r) {
        r.add("rules.dir", COPY.rules::toString);
        r.add("cases.dir", COPY.cases::toString);
        r.add("reload.watch", () -> "false");
        r.add("reload.reference-caseload", () -> "src/test/resources/reference-caseload.jsonl");
        r.add("reload.as-of", () -> AS_OF);
    }

    @LocalServerPort
    int port;

    Http caseworker;
    Http policy;
    String original;

    @BeforeEach
    void clients() {
        caseworker = new Http(port);
        policy = Http.policy(port);
        original = servingVersion();
    }

    @AfterEach
    void putTheRulesBack() {
        COPY.restore();
        Http.Response r = policy.post("/api/v1/ruleset/reload", null, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(servingVersion()).isEqualTo(original);
    }

    @AfterAll
    static void removeTheCopy() {
        COPY.close();
    }

    private String servingVersion() {
        return caseworker.get("/api/v1/ruleset").json().get("version").stringValue();
    }

    private JsonNode determine() {
        Http.Response r = caseworker.postJson("/api/v1/determinations?asOf=" + AS_OF, Http.example());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The example household: rural, three members, 3,600 yuan countable income a year. */
    private static String dibaoFallback(JsonNode determination) {
        for (JsonNode e : determination.get("entitlements")) {
            if (e.get("code").stringValue().equals("DIBAO_FALLBACK")) {
                return e.get("amount").decimalValue().toPlainString();
            }
        }
        throw new AssertionError("no DIBAO_FALLBACK in " + determination);
    }

    private Http.Response reload(boolean dryRun) {
        return policy.post("/api/v1/ruleset/reload" + (dryRun ? "?dryRun=true" : ""), null, "");
    }

    @Test
    void aParameterEditSwapsTheVersionAndChangesTheAmount() {
        JsonNode before = determine();
        assertThat(before.get("ruleset").get("version").stringValue()).isEqualTo(original);
        assertThat(dibaoFallback(before)).isEqualTo("1020.00"); // 440 × 3 − 3,600 ÷ 12

        COPY.raiseRuralStandardFrom2025();
        Http.Response r = reload(false);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("outcome").stringValue()).isEqualTo("SWAPPED");
        assertThat(report.get("previousVersion").stringValue()).isEqualTo(original);
        String swapped = report.get("servingVersion").stringValue();
        assertThat(swapped).isNotEqualTo(original).isEqualTo(report.get("candidateVersion").stringValue());
        assertThat(report.get("failedCases").size()).isZero();
        assertThat(report.get("casesRun").intValue()).isGreaterThan(100);

        JsonNode after = determine();
        assertThat(after.get("ruleset").get("version").stringValue()).isEqualTo(swapped);
        assertThat(dibaoFallback(after)).isEqualTo("1110.00"); // 470 × 3 − 300
        assertThat(servingVersion()).isEqualTo(swapped);

        JsonNode status = caseworker.get("/api/v1/ruleset/reload").json();
        assertThat(status.get("servingVersion").stringValue()).isEqualTo(swapped);
        assertThat(status.get("lastReload").get("outcome").stringValue()).isEqualTo("SWAPPED");
        assertThat(status.get("lastRefused").isNull()).isTrue();
    }

    @Test
    void aBrokenRuleIsRefusedWithFileAndLineAndTheOldRulesetKeepsAnswering() {
        int lines = COPY.read("dibao.drl").split("\n", -1).length;
        COPY.write("dibao.drl", COPY.read("dibao.drl") + """

                rule "坏规则：缺右括号"
                    @clause("2.1.7.1")
                when
                    $h : Household( residence == Residence.RURAL
                then
                end
                """);
        Http.Response r = reload(false);
        assertThat(r.status()).isEqualTo(422);
        JsonNode report = r.json();
        assertThat(report.get("outcome").stringValue()).isEqualTo("REFUSED");
        assertThat(report.get("servingVersion").stringValue()).isEqualTo(original);
        assertThat(report.get("message").stringValue()).contains("新规则未启用");
        JsonNode error = null;
        for (JsonNode p : report.get("problems")) {
            if (p.get("severity").stringValue().equals("error")) {
                error = p;
                break;
            }
        }
        assertThat(error).as(report.toString()).isNotNull();
        assertThat(error.get("file").stringValue()).isEqualTo(COPY.rules.resolve("dibao.drl").toString());
        assertThat(error.get("line").intValue()).isBetween(lines, lines + 7);
        assertThat(error.get("message").stringValue()).isNotBlank();

        JsonNode still = determine();
        assertThat(still.get("ruleset").get("version").stringValue()).isEqualTo(original);
        assertThat(dibaoFallback(still)).isEqualTo("1020.00");
        JsonNode status = caseworker.get("/api/v1/ruleset/reload").json();
        assertThat(status.get("lastRefused").get("problems").toString()).contains("dibao.drl");
    }

    @Test
    void aParameterEditThatBreaksATestCaseIsRefusedNamingTheCase() {
        // The 2019 rural standard is what hand-worked cases were computed with.
        COPY.edit("parameters/dibao.yaml", """
                    - from: 2019-01-01
                      value: 410
                """, """
                    - from: 2019-01-01
                      value: 411
                """);
        Http.Response r = reload(false);
        assertThat(r.status()).isEqualTo(422);
        JsonNode report = r.json();
        assertThat(report.get("outcome").stringValue()).isEqualTo("REFUSED");
        List<String> failed = new ArrayList<>();
        for (JsonNode c : report.get("failedCases")) {
            failed.add(c.get("file").stringValue());
            assertThat(c.get("failures").size()).isPositive();
        }
        assertThat(failed).contains("dibao-fallback/grant-rural-elderly-couple.yaml");
        assertThat(report.get("problems").toString()).doesNotContain("\"error\"");
        assertThat(servingVersion()).isEqualTo(original);
        assertThat(caseworker.get("/api/v1/ruleset/reload").json().get("lastRefused").get("failedCases").toString())
                .contains("grant-rural-elderly-couple.yaml");
    }

    /**
     * The publish gate over the five hand-made households of reference-caseload.jsonl on 2025-06-01, rural standard
     * 440 → 470 (POLICY.md: fallback = standard × n − income ÷ 12; elderly supplement = standard × 0.10 per member).
     * REF-1 rural couple aged 75/73, income 3,600: 440×2−300 + 2×44 = 668 → 470×2−300 + 2×47 = 734 (changed).
     * REF-2 urban, one aged 69, no income: 630 + 63 = 693 both sides. REF-3 rural, one aged 70, income 5,280 =
     * 440×12: not below before (0); 470−440 + 47 = 77 after (gains). REF-4 not registered, working: nothing.
     * REF-5 rural, one aged 39 partial labour, income 12,000 (above 470×12 either way): pension contribution 100 a
     * year both sides. Monthly 1,361 → 1,504 (+143); annual 100 → 100; annualized 16,432 → 18,148 (+1,716).
     */
    @Test
    void aDryRunSwapsNothingAndSaysWhatWouldHappenWithTheImpact() {
        COPY.raiseRuralStandardFrom2025();
        Http.Response r = reload(true);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("outcome").stringValue()).isEqualTo("WOULD_SWAP");
        assertThat(report.get("dryRun").booleanValue()).isTrue();
        assertThat(report.get("servingVersion").stringValue()).isEqualTo(original);
        assertThat(report.get("candidateVersion").stringValue()).isNotEqualTo(original);
        assertThat(servingVersion()).isEqualTo(original);
        assertThat(dibaoFallback(determine())).isEqualTo("1020.00");

        JsonNode impact = report.get("impact");
        assertThat(impact.get("asOf").stringValue()).isEqualTo(AS_OF);
        assertThat(impact.get("householdsRead").longValue()).isEqualTo(5);
        assertThat(impact.get("householdsEvaluated").longValue()).isEqualTo(5);
        assertThat(impact.get("householdsWithErrors").longValue()).isZero();
        assertThat(impact.get("householdsChanged").longValue()).isEqualTo(2);
        assertThat(impact.get("householdsGaining").longValue()).isEqualTo(1);
        assertThat(impact.get("householdsLosing").longValue()).isZero();
        assertMoney(impact.get("monthly"), "1361", "1504", "143");
        assertMoney(impact.get("annual"), "100", "100", "0");
        assertMoney(impact.get("oneOff"), "0", "0", "0");
        assertMoney(impact.get("annualized"), "16432", "18148", "1716");
        assertThat(report.get("message").stringValue()).contains("试运行").contains("待遇有变化 2 户");

        JsonNode status = caseworker.get("/api/v1/ruleset/reload").json();
        assertThat(status.get("lastReload").get("outcome").stringValue()).isEqualTo("WOULD_SWAP");
        assertThat(status.get("lastRefused").isNull()).isTrue();
    }

    private static String explanation(JsonNode determination, String code) {
        for (JsonNode e : determination.get("entitlements")) {
            if (e.get("code").stringValue().equals(code)) {
                return e.get("explanation").stringValue();
            }
        }
        throw new AssertionError("no " + code + " in " + determination);
    }

    /** A sentence is policy staff's to fix in rules/wording.yaml: published like a parameter, refused when it breaks. */
    @Test
    void aWordingEditIsPublishedAndABrokenOneIsRefusedWithItsLine() {
        assertThat(explanation(determine(), "DIBAO_FALLBACK")).contains("按低保标准与收入的差额兜底。计算：");
        COPY.edit("wording.yaml", "按低保标准与收入的差额兜底{已享受低保}", "按低保标准与收入之差兜底{已享受低保}");
        Http.Response r = reload(false);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String swapped = r.json().get("servingVersion").stringValue();
        assertThat(swapped).isNotEqualTo(original);
        JsonNode after = determine();
        assertThat(explanation(after, "DIBAO_FALLBACK")).contains("按低保标准与收入之差兜底。计算：")
                .doesNotContain("差额");
        assertThat(dibaoFallback(after)).isEqualTo("1020.00");

        // A slot the rule does not fill: refused at the template's line, the edited wording keeps answering.
        int line = COPY.read("wording.yaml").substring(0, COPY.read("wording.yaml").indexOf("按低保标准与收入之差兜底"))
                .split("\n", -1).length;
        COPY.edit("wording.yaml", "按低保标准与收入之差兜底{已享受低保}", "按{兜底方式}兜底{已享受低保}");
        r = reload(false);
        assertThat(r.status()).isEqualTo(422);
        JsonNode error = null;
        for (JsonNode p : r.json().get("problems")) {
            if (p.get("severity").stringValue().equals("error")) {
                error = p;
            }
        }
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.get("file").stringValue()).endsWith("wording.yaml");
        assertThat(error.get("line").intValue()).isEqualTo(line);
        assertThat(error.get("message").stringValue()).contains("{兜底方式}");
        assertThat(servingVersion()).isEqualTo(swapped);
    }

    @Test
    void aDryRunOfABrokenEditIsAVerdictNotARefusal() {
        COPY.edit("parameters/dibao.yaml", RulesCopy.RURAL_440, RulesCopy.RURAL_440.replace("reference", "refrence"));
        Http.Response r = reload(true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("outcome").stringValue()).isEqualTo("WOULD_REFUSE");
        assertThat(r.json().get("problems").toString()).contains("parameters/dibao.yaml").contains("refrence");
        assertThat(caseworker.get("/api/v1/ruleset/reload").json().get("lastRefused").isNull()).isTrue();
        assertThat(servingVersion()).isEqualTo(original);
    }

    private static void assertMoney(JsonNode cost, String before, String after, String difference) {
        assertThat(cost.get("before").decimalValue()).as("before " + cost).isEqualByComparingTo(before);
        assertThat(cost.get("after").decimalValue()).as("after " + cost).isEqualByComparingTo(after);
        assertThat(cost.get("difference").decimalValue()).as("difference " + cost).isEqualByComparingTo(difference);
    }

    /**
     * Several threads send determinations while a reload swaps the ruleset: none fails, and each answer names either
     * the old version or the new one, never anything else.
     */
    @Test
    void requestsInFlightDuringASwapAllSucceedEachOnOneWholeRuleset() throws Exception {
        int threads = 4;
        int atLeast = 2000;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger afterSwap = new AtomicInteger();
        AtomicBoolean swapped = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> versions = ConcurrentHashMap.newKeySet();
        Set<String> amounts = ConcurrentHashMap.newKeySet();
        String body = Http.example();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                Http http = new Http(port);
                while (!stop.get()) {
                    try {
                        Http.Response r = http.postJson("/api/v1/determinations?asOf=" + AS_OF, body);
                        if (r.status() != 200) {
                            failures.add(r.status() + " " + r.body());
                        } else {
                            JsonNode d = r.json();
                            versions.add(d.get("ruleset").get("version").stringValue());
                            amounts.add(d.get("ruleset").get("version").stringValue() + " " + dibaoFallback(d));
                        }
                    } catch (RuntimeException | AssertionError e) {
                        // An AssertionError too: a worker that dies silently would leave the loops below waiting.
                        failures.add(e.toString());
                    }
                    done.incrementAndGet();
                    if (swapped.get()) {
                        afterSwap.incrementAndGet();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        // Every wait has a deadline, and the workers are stopped whatever fails: a failed assertion fails the test
        // instead of leaving it (and the build) hanging.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        String next;
        try {
            while (done.get() < 300) {
                assertThat(System.nanoTime() - deadline).as("300 requests before the deadline; failures " + failures)
                        .isNegative();
                Thread.sleep(10);
            }
            COPY.raiseRuralStandardFrom2025();
            int beforeReload = done.get();
            Http.Response r = reload(false);
            swapped.set(true);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            next = r.json().get("servingVersion").stringValue();
            assertThat(done.get() - beforeReload).as("requests answered while the reload ran").isPositive();
            while (done.get() < atLeast || afterSwap.get() < 300) {
                assertThat(System.nanoTime() - deadline).as(atLeast + " requests before the deadline; failures "
                        + failures).isNegative();
                Thread.sleep(10);
            }
        } finally {
            stop.set(true);
            for (Thread w : workers) {
                w.join(30_000);
            }
        }
        assertThat(workers).noneMatch(Thread::isAlive);
        assertThat(failures).isEmpty();
        assertThat(versions).containsExactlyInAnyOrder(original, next);
        assertThat(amounts).containsExactlyInAnyOrder(original + " 1020.00", next + " 1110.00");
    }
}
