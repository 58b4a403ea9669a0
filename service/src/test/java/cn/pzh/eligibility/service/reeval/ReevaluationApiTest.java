package cn.pzh.eligibility.service.reeval;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.service.EligibilityServiceApplication;
import cn.pzh.eligibility.store.IdNumbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 11's done-when, over real HTTP on the register (H2): 2,000 generated households registered and determined
 * at 2021-11-30; a re-evaluation at 2021-12-01, when the dibao standards rise (POLICY.md §5: urban 610 → 630, rural
 * 410 → 440), lists exactly the households whose entitlements change, checked against the computation below, written
 * from POLICY.md §1–2 for the entitlements the standard touches (DIBAO_FALLBACK, DIBAO_CLASSIFIED_SUPPLEMENT, and
 * DISABILITY_LIVING_SUBSIDY through the dibao status). The generator keeps everything else still between the two
 * dates: no birthday in November or December, no medical costs, no hardship, no RETURNED household, no long-term care.
 * Confirming three records their new determinations; their township's bulk notice prints three pages.
 */
class ReevaluationApiTest {

    static final LocalDate BEFORE = LocalDate.of(2021, 11, 30);
    static final LocalDate AFTER = LocalDate.of(2021, 12, 1);
    static final int HOUSEHOLDS = 2000;
    static final String[] COUNTIES = {"东区", "西区", "仁和区", "米易县", "盐边县"};
    static final String[] REGIONS = {"510402", "510403", "510411", "510421", "510422"};
    static final String[] SURNAMES = {"赵", "钱", "孙", "李", "周", "吴", "郑", "冯", "陈", "褚"};
    static final String[] GIVEN = {"建国", "秀兰", "志强", "桂英", "国华", "玉梅", "明亮", "春花", "海涛", "丽娟"};

    // POLICY.md §5 (the values on each date) and §1–2.
    static final Set<String> EXCLUDED = Set.of("DISABILITY_SUBSIDY", "STUDENT_AID", "TEMPORARY_ASSISTANCE",
            "SPECIAL_CARE_PENSION", "FAMILY_PLANNING_REWARD");
    static final BigDecimal LIVING_SUBSIDY = new BigDecimal("100");

    static BigDecimal standard(String residence, LocalDate d) {
        boolean raised = !d.isBefore(AFTER);
        return "URBAN".equals(residence) ? new BigDecimal(raised ? "630" : "610")
                : new BigDecimal(raised ? "440" : "410");
    }

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ the generator

    private final Set<String> idNumbers = new HashSet<>();

    private String idNumber(Random r, LocalDate birth) {
        String region = REGIONS[r.nextInt(REGIONS.length)];
        for (int serial = r.nextInt(1000);; serial = (serial + 1) % 1000) {
            String first17 = region + birth.toString().replace("-", "") + String.format("%03d", serial);
            String id = first17 + IdNumbers.checkCharacter(first17);
            if (idNumbers.add(id)) {
                return id;
            }
        }
    }

    private ObjectNode household(Random r, int i) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        int c = r.nextInt(COUNTIES.length);
        h.put("householdId", "HH-" + String.format("%05d", i));
        h.put("county", COUNTIES[c]);
        h.putObject("address").put("township", COUNTIES[c].substring(0, 2) + (r.nextBoolean() ? "一镇" : "二镇"))
                .put("village", r.nextBoolean() ? "一村" : "二村").put("detail", (i % 40 + 1) + " 号");
        String residence = r.nextBoolean() ? "URBAN" : "RURAL";
        h.put("residence", residence);
        int p = r.nextInt(100);
        h.put("povertyStatus", p < 60 ? "REGISTERED" : p < 85 ? "NONE" : "EXITED");
        h.put("receivesDibao", r.nextInt(100) < 15);
        h.put("housingSafety", String.valueOf("ABCD".charAt(r.nextInt(4))));
        h.put("safeDrinkingWater", true);
        h.putNull("hardship");
        int n = 1 + r.nextInt(4);
        ArrayNode members = h.putArray("members");
        for (int m = 0; m < n; m++) {
            int age = m == 0 ? 20 + r.nextInt(61) : 1 + r.nextInt(85);
            // Birthdays from January to October: every member is the same age on both dates.
            LocalDate birth = LocalDate.of(2021 - age, 1 + r.nextInt(10), 1 + r.nextInt(28));
            ObjectNode x = members.addObject();
            x.put("memberId", "m" + (m + 1));
            x.put("name", SURNAMES[r.nextInt(SURNAMES.length)] + GIVEN[r.nextInt(GIVEN.length)]);
            x.put("idNumber", idNumber(r, birth));
            x.put("birthDate", birth.toString());
            x.put("relation", m == 0 ? "HEAD" : age < 18 ? "CHILD" : r.nextBoolean() ? "SPOUSE" : "PARENT");
            int l = r.nextInt(100);
            x.put("laborCapacity", age < 16 ? "NONE" : age > 59 ? (l < 50 ? "PARTIAL" : "NONE")
                    : l < 30 ? "FULL" : l < 65 ? "PARTIAL" : "NONE");
            x.put("employed", false);
            x.put("student", age >= 6 && age <= 15 ? "PRIMARY" : age >= 16 && age <= 18 && r.nextBoolean()
                    ? "SENIOR_SECONDARY" : "NONE");
            if (age >= 6 && age <= 15) {
                x.put("boarding", r.nextBoolean());
            }
            if (r.nextInt(100) < 15) {
                x.putObject("disability").put("certificate", r.nextInt(10) < 7 ? "SECOND_GEN" : "FIRST_GEN")
                        .put("grade", 1 + r.nextInt(4)).put("category", "PHYSICAL").put("needsLongTermCare", false);
            }
            x.put("seriousIllness", r.nextInt(100) < 10);
            x.put("chronicIllness", false);
            x.put("employeePension", false);
            x.put("residentPensionEnrolled", true);
            x.put("receivesBasicPension", age >= 60);
        }
        // Countable income per person and month around both standards, so that some households cross them.
        long countable = Math.round((250 + r.nextInt(500)) * 12.0 * n);
        ArrayNode incomes = h.putArray("incomes");
        if (r.nextInt(5) == 0) {
            incomes.addObject().put("type", "WAGE").put("annualAmount", countable / 2);
            incomes.addObject().put("type", "AGRICULTURE").put("annualAmount", countable - countable / 2);
        } else {
            incomes.addObject().put("type", "AGRICULTURE").put("annualAmount", countable);
        }
        if (r.nextInt(4) == 0) {
            incomes.addObject().put("type", "DISABILITY_SUBSIDY").put("annualAmount", 960);
        }
        return h;
    }

    // ------------------------------------------------------------------ the independent computation (POLICY.md)

    /** code or code/memberId → monthly amount, for the entitlements the dibao standard decides. */
    static Map<String, BigDecimal> expected(JsonNode h, LocalDate d) {
        Map<String, BigDecimal> out = new TreeMap<>();
        BigDecimal s = standard(h.get("residence").asString(), d);
        int n = h.get("members").size();
        BigDecimal income = BigDecimal.ZERO;
        for (JsonNode i : h.get("incomes")) {
            if (!EXCLUDED.contains(i.get("type").asString())) {
                income = income.add(i.get("annualAmount").decimalValue());
            }
        }
        String status = h.get("povertyStatus").asString();
        boolean registeredPoor = status.equals("REGISTERED") || status.equals("RETURNED");
        boolean employable = false;
        for (JsonNode m : h.get("members")) {
            int age = Period.between(LocalDate.parse(m.get("birthDate").asString()), d).getYears();
            boolean severe = certificate(m) && m.get("disability").get("grade").asInt() <= 2;
            if (age >= 16 && age <= 59 && m.get("laborCapacity").asString().equals("FULL")
                    && m.get("student").asString().equals("NONE") && !m.get("seriousIllness").asBoolean() && !severe) {
                employable = true;
            }
        }
        BigDecimal yearlyStandard = s.multiply(BigDecimal.valueOf(12L * n));
        boolean dibao = h.get("receivesDibao").asBoolean();
        if (registeredPoor && income.compareTo(yearlyStandard) < 0 && !employable) {
            BigDecimal amount = s.multiply(BigDecimal.valueOf(n)).subtract(income.divide(BigDecimal.valueOf(12), 10,
                    RoundingMode.HALF_UP)).setScale(2, RoundingMode.HALF_UP);
            if (amount.signum() > 0) {
                out.put("DIBAO_FALLBACK", amount);
                dibao = true;
            }
        }
        if (!dibao) {
            return out;
        }
        for (JsonNode m : h.get("members")) {
            String id = m.get("memberId").asString();
            int age = Period.between(LocalDate.parse(m.get("birthDate").asString()), d).getYears();
            BigDecimal rate = BigDecimal.ZERO;
            if (m.get("seriousIllness").asBoolean()) {
                rate = rate.max(new BigDecimal("0.30"));
            }
            if (certificate(m)) {
                rate = rate.max(new BigDecimal(m.get("disability").get("grade").asInt() <= 2 ? "0.20" : "0.10"));
            }
            if (age >= 60 || age < 18) {
                rate = rate.max(new BigDecimal("0.10"));
            }
            if (rate.signum() > 0) {
                out.put("DIBAO_CLASSIFIED_SUPPLEMENT/" + id, s.multiply(rate).setScale(2, RoundingMode.HALF_UP));
            }
            if (m.has("disability") && m.get("disability").get("certificate").asString().equals("SECOND_GEN")) {
                out.put("DISABILITY_LIVING_SUBSIDY/" + id, LIVING_SUBSIDY.setScale(2));
            }
        }
        return out;
    }

    /**
     * code/memberId → yearly amount of the ANNUAL grants these households can have (POLICY.md §2): the pension
     * contribution of registered-poor members aged 16–59 not at school (none has an employee pension), and the
     * student aid of students in registered-poor or dibao households (no EXITED household is covered after
     * campaign.end, 2020-12-31). Neither depends on the standard, but it decides who is newly covered and the bands.
     */
    static Map<String, BigDecimal> annual(JsonNode h, LocalDate d) {
        Map<String, BigDecimal> out = new TreeMap<>();
        String status = h.get("povertyStatus").asString();
        boolean registeredPoor = status.equals("REGISTERED") || status.equals("RETURNED");
        boolean dibao = h.get("receivesDibao").asBoolean() || expected(h, d).containsKey("DIBAO_FALLBACK");
        for (JsonNode m : h.get("members")) {
            String id = m.get("memberId").asString();
            int age = Period.between(LocalDate.parse(m.get("birthDate").asString()), d).getYears();
            String student = m.get("student").asString();
            if (registeredPoor && age >= 16 && age <= 59 && student.equals("NONE")) {
                out.put("PENSION_CONTRIBUTION/" + id, new BigDecimal("100.00"));
            }
            if (registeredPoor || dibao) {
                if (student.equals("PRIMARY")) {
                    // 1,000 a year for a boarder; from 2019-09-01 a non-boarder gets half of it.
                    out.put("EDUCATION_AID/" + id, new BigDecimal(m.get("boarding").asBoolean() ? "1000.00" : "500.00"));
                } else if (student.equals("SENIOR_SECONDARY")) {
                    out.put("EDUCATION_AID/" + id, new BigDecimal("2000.00"));
                }
            }
        }
        return out;
    }

    /** Monthly × 12 plus yearly: no one-off grant here (no medical cost, no hardship, no return). */
    static BigDecimal yearly(JsonNode h, LocalDate d) {
        return sum(expected(h, d)).multiply(BigDecimal.valueOf(12)).add(sum(annual(h, d)));
    }

    /** POLICY-free banding of a household's yearly change, as the issue defines the five bands. */
    static String band(BigDecimal before, BigDecimal after) {
        if (before.compareTo(after) == 0) {
            return "UNCHANGED";
        }
        boolean up = after.compareTo(before) > 0;
        boolean large = before.signum() == 0
                || after.subtract(before).abs().multiply(BigDecimal.valueOf(20)).compareTo(before) > 0;
        return up ? (large ? "UP_MORE_5" : "UP_TO_5") : (large ? "DOWN_MORE_5" : "DOWN_UP_TO_5");
    }

    private static boolean certificate(JsonNode m) {
        return m.has("disability") && !m.get("disability").get("certificate").asString().equals("NONE");
    }

    static BigDecimal sum(Map<String, BigDecimal> m) {
        return m.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    // ------------------------------------------------------------------ the test

    @Test
    void aReevaluationAtTheNewStandardListsExactlyTheChangedHouseholdsAndConfirmsThree() throws Exception {
        Path rules = copy(Path.of("../rules"), tmp.resolve("rules"));
        Path cases = copy(Path.of("../test-cases"), tmp.resolve("test-cases"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(EligibilityServiceApplication.class)
                .run("--server.port=0", "--rules.dir=" + rules, "--cases.dir=" + cases, "--reload.watch=false",
                        "--register.dir=" + tmp.resolve("register"), "--batches.dir=" + tmp.resolve("jobs"))) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            Http cw = new Http(port, "caseworker", "caseworker-pass");
            Http policy = new Http(port, "policy", "policy-pass");

            Random r = new Random(11);
            Map<String, JsonNode> households = new LinkedHashMap<>();
            for (int i = 0; i < HOUSEHOLDS; i++) {
                ObjectNode h = household(r, i);
                String id = h.get("householdId").asString();
                Http.Response created = cw.post("/api/v1/households", h.toString());
                assertThat(created.status()).as("register %s: %s", id, created.body()).isEqualTo(201);
                Http.Response determined = cw.post("/api/v1/households/" + id + "/determinations?asOf=" + BEFORE, "");
                assertThat(determined.status()).as("determine %s", id).isEqualTo(201);
                households.put(id, h);
            }

            // The independent expectation.
            Set<String> changed = new TreeSet<>();
            BigDecimal monthlyBefore = BigDecimal.ZERO;
            BigDecimal monthlyAfter = BigDecimal.ZERO;
            long newlyCovered = 0;
            for (Map.Entry<String, JsonNode> e : households.entrySet()) {
                Map<String, BigDecimal> b = expected(e.getValue(), BEFORE);
                Map<String, BigDecimal> a = expected(e.getValue(), AFTER);
                monthlyBefore = monthlyBefore.add(sum(b));
                monthlyAfter = monthlyAfter.add(sum(a));
                if (!b.equals(a)) {
                    changed.add(e.getKey());
                }
            }
            // The caseload is made to exercise the change: many rises, some newly covered by the higher standard.
            assertThat(changed.size()).isBetween(200, 1800);
            // Per county, per band and the newly covered, from the same hand computation.
            Map<String, BigDecimal[]> byCounty = new TreeMap<>();
            Map<String, Long> changedByCounty = new TreeMap<>();
            Map<String, Long> bands = new TreeMap<>();
            BigDecimal yearlyBefore = BigDecimal.ZERO;
            BigDecimal yearlyAfter = BigDecimal.ZERO;
            long coveredHouseholds = 0;
            long coveredPeople = 0;
            long addedDibao = 0;
            for (Map.Entry<String, JsonNode> e : households.entrySet()) {
                JsonNode h = e.getValue();
                BigDecimal[] c = byCounty.computeIfAbsent(h.get("county").asString(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                c[0] = c[0].add(sum(expected(h, BEFORE)));
                c[1] = c[1].add(sum(expected(h, AFTER)));
                changedByCounty.merge(h.get("county").asString(), changed.contains(e.getKey()) ? 1L : 0L, Long::sum);
                BigDecimal yb = yearly(h, BEFORE);
                BigDecimal ya = yearly(h, AFTER);
                yearlyBefore = yearlyBefore.add(yb);
                yearlyAfter = yearlyAfter.add(ya);
                bands.merge(band(yb, ya), 1L, Long::sum);
                if (yb.signum() == 0 && ya.signum() > 0) {
                    coveredHouseholds++;
                    coveredPeople += h.get("members").size();
                }
                if (!expected(h, BEFORE).containsKey("DIBAO_FALLBACK") && expected(h, AFTER).containsKey("DIBAO_FALLBACK")) {
                    addedDibao++;
                }
            }
            // The higher standard brings new households under the guarantee, and nobody loses.
            assertThat(addedDibao).isPositive();
            assertThat(bands).doesNotContainKeys("DOWN_MORE_5", "DOWN_UP_TO_5");

            assertThat(cw.post("/api/v1/reevaluations", "{\"asOf\":\"" + AFTER + "\"}").status()).isEqualTo(403);
            assertThat(policy.post("/api/v1/reevaluations", "{\"asOf\":\"2021-13-01\"}").status()).isEqualTo(400);
            Http.Response started = policy.post("/api/v1/reevaluations", "{\"asOf\":\"" + AFTER
                    + "\",\"county\":null,\"township\":null,\"baselineAsOf\":null}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            long runId = started.json().get("id").asLong();
            assertThat(started.header("Location")).isEqualTo("/api/v1/reevaluations/" + runId);
            JsonNode run = started.json();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!Set.of("DONE", "FAILED", "STOPPED").contains(run.get("state").asString())) {
                assertThat(System.nanoTime()).as("run still %s", run.get("state")).isLessThan(deadline);
                Thread.sleep(500);
                run = policy.get("/api/v1/reevaluations/" + runId).json();
            }
            assertThat(run.get("state").asString()).isEqualTo("DONE");
            assertThat(run.get("households").asLong()).isEqualTo(HOUSEHOLDS);
            assertThat(run.get("processed").asLong()).isEqualTo(HOUSEHOLDS);
            assertThat(run.get("errors").asLong()).isZero();
            assertThat(run.get("changed").asLong()).isEqualTo(changed.size());
            assertThat(policy.get("/api/v1/reevaluations").json().get("runs").get(0).get("id").asLong())
                    .isEqualTo(runId);

            // The worklist, page by page: exactly the expected households, with the expected amounts.
            Set<String> listed = new TreeSet<>();
            Map<String, List<String>> byTownship = new TreeMap<>();
            for (int offset = 0;; offset += 500) {
                Http.Response page = cw.get("/api/v1/reevaluations/" + runId + "/worklist?limit=500&offset=" + offset);
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                assertThat(page.json().get("total").asLong()).isEqualTo(changed.size());
                for (JsonNode item : page.json().get("items")) {
                    String id = item.get("householdId").asString();
                    listed.add(id);
                    JsonNode h = households.get(id);
                    assertThat(item.get("headName").asString()).isEqualTo(h.get("members").get(0).get("name").asString());
                    assertThat(item.get("status").asString()).isEqualTo("PROPOSED");
                    assertThat(item.get("kindLabel").asString()).isIn("新增", "停发", "金额调整");
                    Map<String, BigDecimal> b = expected(h, BEFORE);
                    Map<String, BigDecimal> a = expected(h, AFTER);
                    boolean noneBefore = b.isEmpty() && annual(h, BEFORE).isEmpty();
                    assertThat(item.get("kind").asString()).as(id).isEqualTo(noneBefore ? "ADDED" : "ADJUSTED");
                    Set<String> differing = new TreeSet<>(b.keySet());
                    differing.addAll(a.keySet());
                    differing.removeIf(k -> java.util.Objects.equals(b.get(k), a.get(k)));
                    Set<String> keys = new TreeSet<>();
                    // The standard of the household's own residence, and the document that sets it, explain each line.
                    boolean urban = "URBAN".equals(h.get("residence").asString());
                    String[] why = {urban ? "城市低保标准" : "农村低保标准", urban ? "610" : "410", urban ? "630" : "440",
                        "2021-12-01", "攀枝花市城乡低保标准（2022年公布）"};
                    for (JsonNode c : item.get("changes")) {
                        String key = c.get("code").asString()
                                + (c.get("memberId").isNull() ? "" : "/" + c.get("memberId").asString());
                        assertThat(amount(c.get("before"))).as("%s %s before", id, key).isEqualTo(b.get(key));
                        assertThat(amount(c.get("after"))).as("%s %s after", id, key).isEqualTo(a.get(key));
                        assertThat(c.get("kind").asString()).isEqualTo(!b.containsKey(key) ? "ADDED"
                                : !a.containsKey(key) ? "STOPPED" : "ADJUSTED");
                        assertThat(c.get("attribution").toString()).as("%s %s", id, key).contains(why);
                        keys.add(key);
                    }
                    assertThat(keys).as(id).isEqualTo(differing);
                    byTownship.computeIfAbsent(item.get("township").asString(), k -> new ArrayList<>()).add(id);
                }
                if (page.json().get("items").size() < 500) {
                    break;
                }
            }
            assertThat(listed).isEqualTo(changed);
            assertThat(cw.get("/api/v1/reevaluations/" + runId + "/worklist?kind=BOGUS").status()).isEqualTo(400);
            assertThat(cw.get("/api/v1/reevaluations/" + runId + "/impact").status()).isEqualTo(403);

            // The impact adds up to the same computation.
            JsonNode impact = policy.get("/api/v1/reevaluations/" + runId + "/impact").json();
            assertThat(impact.get("changed").asLong()).isEqualTo(changed.size());
            assertThat(impact.get("monthlyCost").get("before").decimalValue()).isEqualByComparingTo(monthlyBefore);
            assertThat(impact.get("monthlyCost").get("after").decimalValue()).isEqualByComparingTo(monthlyAfter);
            assertThat(impact.get("annualCost").get("before").decimalValue()).isEqualByComparingTo(yearlyBefore);
            assertThat(impact.get("annualCost").get("after").decimalValue()).isEqualByComparingTo(yearlyAfter);
            assertThat(impact.get("newlyCovered").get("households").asLong()).isEqualTo(coveredHouseholds);
            assertThat(impact.get("newlyCovered").get("people").asLong()).isEqualTo(coveredPeople);
            assertThat(impact.get("stopped").get("households").asLong()).isZero();
            Map<String, Long> banded = new TreeMap<>();
            for (JsonNode b : impact.get("bands")) {
                if (b.get("households").asLong() > 0) {
                    banded.put(b.get("band").asString(), b.get("households").asLong());
                }
            }
            assertThat(banded).isEqualTo(bands);
            Map<String, BigDecimal[]> counties = new TreeMap<>();
            Map<String, Long> countyChanged = new TreeMap<>();
            for (JsonNode c : impact.get("byCounty")) {
                counties.put(c.get("county").asString(), new BigDecimal[] {c.get("monthlyBefore").decimalValue()
                        .setScale(2), c.get("monthlyAfter").decimalValue().setScale(2)});
                countyChanged.put(c.get("county").asString(), c.get("changed").asLong());
            }
            assertThat(counties.keySet()).isEqualTo(byCounty.keySet());
            byCounty.forEach((k, v) -> assertThat(counties.get(k)).as(k).containsExactly(v[0].setScale(2),
                    v[1].setScale(2)));
            assertThat(countyChanged).isEqualTo(changedByCounty);

            // The CSV: BOM, Chinese headers, one row per item.
            Http.Response csv = cw.get("/api/v1/reevaluations/" + runId + "/worklist.csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).startsWith("\uFEFF家庭编号,户主");
            assertThat(csv.body().split("\r\n")).hasSize(changed.size() + 1);

            // Confirm three of one township.
            String township = byTownship.entrySet().stream().filter(e -> e.getValue().size() >= 3).findFirst()
                    .orElseThrow().getKey();
            List<String> three = byTownship.get(township).subList(0, 3);
            String notConfirmed = byTownship.get(township).size() > 3 ? byTownship.get(township).get(3) : null;
            for (String id : three) {
                assertThat(cw.get("/api/v1/reevaluations/" + runId + "/worklist/" + id + "/notice").status())
                        .isEqualTo(409);
                Http.Response ok = cw.post("/api/v1/reevaluations/" + runId + "/worklist/" + id + "/confirm", "");
                assertThat(ok.status()).as(ok.body()).isEqualTo(200);
                assertThat(ok.json().get("status").asString()).isEqualTo("CONFIRMED");
                long recordId = ok.json().get("recordId").asLong();
                assertThat(cw.post("/api/v1/reevaluations/" + runId + "/worklist/" + id + "/confirm", "").status())
                        .isEqualTo(409);
                JsonNode history = cw.get("/api/v1/households/" + id + "/determinations").json();
                assertThat(history.size()).isEqualTo(2);
                assertThat(history.get(0).get("recordId").asLong()).isEqualTo(recordId);
                assertThat(history.get(0).get("asOf").asString()).isEqualTo(AFTER.toString());
                assertThat(history.get(0).get("current").asBoolean()).isTrue();
                assertThat(history.get(1).get("asOf").asString()).isEqualTo(BEFORE.toString());
                // The recorded determination carries the expected new amounts.
                Map<String, BigDecimal> a = expected(households.get(id), AFTER);
                Map<String, BigDecimal> recorded = new TreeMap<>();
                for (JsonNode e : history.get(0).get("determination").get("entitlements")) {
                    String key = e.get("code").asString() + (e.get("memberId").isNull() ? "" : "/"
                            + e.get("memberId").asString());
                    if (e.get("period").asString().equals("MONTHLY")) {
                        recorded.put(key, e.get("amount").decimalValue());
                    }
                }
                assertThat(recorded).isEqualTo(a);
                Http.Response notice = cw.get("/api/v1/reevaluations/" + runId + "/worklist/" + id + "/notice");
                assertThat(notice.status()).isEqualTo(200);
                assertThat(notice.body()).contains(households.get(id).get("members").get(0).get("name").asString())
                        .contains("2021年12月1日").contains("低保标准").contains("行政复议");
                for (JsonNode m : households.get(id).get("members")) {
                    assertThat(notice.body()).doesNotContain(m.get("idNumber").asString())
                            .contains(IdNumbers.mask(m.get("idNumber").asString()));
                }
            }
            JsonNode confirmed = cw.get("/api/v1/reevaluations/" + runId + "/worklist?status=CONFIRMED").json();
            assertThat(confirmed.get("total").asLong()).isEqualTo(3);
            assertThat(cw.get("/api/v1/reevaluations/" + runId + "/worklist?status=PROPOSED").json().get("total")
                    .asLong()).isEqualTo(changed.size() - 3);
            assertThat(cw.get("/api/v1/reevaluations/" + runId + "/worklist?status=DONE").status()).isEqualTo(400);
            long confirmedThere = 0;
            long itemsThere = 0;
            for (JsonNode t : cw.get("/api/v1/reevaluations/" + runId + "/townships").json().get("townships")) {
                if (t.get("township").asString().equals(township)) {
                    confirmedThere += t.get("confirmed").asLong();
                    itemsThere += t.get("items").asLong();
                }
            }
            assertThat(confirmedThere).isEqualTo(3);
            assertThat(itemsThere).isEqualTo(byTownship.get(township).size());
            Http.Response bulk = cw.get("/api/v1/reevaluations/" + runId + "/notices?township="
                    + java.net.URLEncoder.encode(township, StandardCharsets.UTF_8));
            assertThat(bulk.status()).isEqualTo(200);
            assertThat(count(bulk.body(), "<section class=\"page\">")).isEqualTo(3);
            assertThat(bulk.body()).contains("break-after:page");
            if (notConfirmed != null) {
                assertThat(bulk.body()).doesNotContain(households.get(notConfirmed).get("householdId").asString()
                        + "。");
            }
        }
    }

    private static BigDecimal amount(JsonNode n) {
        return n == null || n.isNull() ? null : n.decimalValue().setScale(2, RoundingMode.HALF_UP);
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** Plain HTTP with Basic credentials. */
    static final class Http {
        record Response(int status, String body, HttpResponse<String> raw) {
            JsonNode json() {
                return Json.MAPPER.readTree(body);
            }

            String header(String name) {
                return raw.headers().firstValue(name).orElse(null);
            }
        }

        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String authorization;

        Http(int port, String user, String password) {
            this.base = "http://localhost:" + port;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        Response get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        Response post(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
        }

        private Response send(HttpRequest.Builder b) {
            b.header("Authorization", authorization);
            try {
                HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(120)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(r.statusCode(), r.body(), r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
