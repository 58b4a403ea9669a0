package cn.pzh.eligibility.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The re-evaluation tables (migration V2), the runner and the confirm transaction, on every database the store runs
 * on. The expected amounts are worked by hand from POLICY.md for the register example (rural, registered poor, three
 * members, countable income 3,600 a year, no employable member) as the rural standard goes from 410 to 440 on
 * 2021-12-01:
 * DIBAO_FALLBACK 410 × 3 − 3600 / 12 = 930.00 → 440 × 3 − 300 = 1020.00; the classified supplement, standard × the
 * member's highest rate: m1 (grade 2, second-generation certificate: 0.20) 82.00 → 88.00, m2 (serious illness: 0.30)
 * 123.00 → 132.00, m3 (minor: 0.10) 41.00 → 44.00.
 */
abstract class ReevaluationContract {

    static final LocalDate BEFORE = LocalDate.of(2021, 11, 30);
    static final LocalDate AFTER = LocalDate.of(2021, 12, 1);
    static Ruleset rules;

    Store store;
    Casework casework;

    @TempDir
    Path tmp;

    abstract javax.sql.DataSource freshDatabase();

    @BeforeAll
    static void loadRules() {
        if (rules == null) {
            rules = Ruleset.load(Fixtures.RULES);
        }
    }

    @BeforeEach
    void open() {
        store = Store.open(freshDatabase());
        casework = new Casework(store, tmp.resolve("rulesets"));
    }

    /** Not registered poor, no dibao: only the nursing subsidy, which the standard does not touch. */
    private static ObjectNode unaffected(String id, int serial) {
        ObjectNode h = Fixtures.another(id, serial);
        h.put("povertyStatus", "NONE");
        return h;
    }

    private Reevaluations.Run runAt(LocalDate asOf) {
        Reevaluations.Run run = store.reevaluations().create(asOf, null, null, null, rules.version(), "policy");
        return new ReevaluationRunner(store, rules, tmp.resolve("work")).run(run.id(), () -> false, r -> { });
    }

    private static Map<String, BigDecimal[]> changes(Reevaluations.Item i) {
        Map<String, BigDecimal[]> out = new HashMap<>();
        for (JsonNode c : Json.MAPPER.readTree(i.changes())) {
            String key = c.get("code").asString() + (c.get("memberId").isNull() ? "" : "/" + c.get("memberId").asString());
            out.put(key, new BigDecimal[] {c.get("before").isNull() ? null : c.get("before").decimalValue(),
                c.get("after").isNull() ? null : c.get("after").decimalValue()});
        }
        return out;
    }

    @Test
    void listsTheChangedHouseholdWithHandWorkedAmountsAndCountsTheUnchanged() {
        store.register().create(Fixtures.example(), "caseworker");
        store.register().create(unaffected("510411-2019-000900", 900), "caseworker");
        casework.determine("510411-2019-000123", BEFORE, rules, "caseworker");
        casework.determine("510411-2019-000900", BEFORE, rules, "caseworker");

        Reevaluations.Run run = runAt(AFTER);
        assertThat(run.state()).isEqualTo(Reevaluations.State.DONE);
        assertThat(run.households()).isEqualTo(2);
        assertThat(run.processed()).isEqualTo(2);
        assertThat(run.changed()).isEqualTo(1);
        assertThat(run.errors()).isZero();
        List<Reevaluations.Item> items = store.reevaluations().items(run.id(),
                new Reevaluations.Filter(null, null, null, null, null), "place", 0, 50);
        assertThat(items).extracting(Reevaluations.Item::householdId).containsExactly("510411-2019-000123");
        Reevaluations.Item item = items.get(0);
        assertThat(item.kind()).isEqualTo("ADJUSTED");
        assertThat(item.status()).isEqualTo("PROPOSED");
        Map<String, BigDecimal[]> c = changes(item);
        assertThat(c).containsOnlyKeys("DIBAO_FALLBACK", "DIBAO_CLASSIFIED_SUPPLEMENT/m1",
                "DIBAO_CLASSIFIED_SUPPLEMENT/m2", "DIBAO_CLASSIFIED_SUPPLEMENT/m3");
        assertThat(c.get("DIBAO_FALLBACK")).containsExactly(new BigDecimal("930.00"), new BigDecimal("1020.00"));
        assertThat(c.get("DIBAO_CLASSIFIED_SUPPLEMENT/m1")).containsExactly(new BigDecimal("82.00"), new BigDecimal("88.00"));
        assertThat(c.get("DIBAO_CLASSIFIED_SUPPLEMENT/m2")).containsExactly(new BigDecimal("123.00"), new BigDecimal("132.00"));
        assertThat(c.get("DIBAO_CLASSIFIED_SUPPLEMENT/m3")).containsExactly(new BigDecimal("41.00"), new BigDecimal("44.00"));
        // Attributed to the parameter in words, with the document that sets the new value.
        JsonNode fallback = Json.MAPPER.readTree(item.changes()).get(0);
        assertThat(fallback.get("attribution").toString()).contains("农村低保标准").contains("440")
                .contains("攀枝花市城乡低保标准");
        // The monthly total rises by the four changes: 90 + 6 + 9 + 3.
        assertThat(item.afterMonthly().subtract(item.beforeMonthly())).isEqualByComparingTo("108.00");
        assertThat(item.baselineRecordId()).isEqualTo(store.records().history("510411-2019-000123").get(0).recordId());
        // No personal data in what the run stores beside the proposal: the tallies and the changes.
        String stored = store.reevaluations().require(run.id()).impact() + item.changes();
        assertThat(stored).doesNotContain("王").doesNotContain("510411195803141311");
    }

    /**
     * Countable income 15,000 a year: not below 410 × 12 × 3 = 14,760, below 440 × 12 × 3 = 15,840. The household
     * comes under the guarantee (440 × 3 − 1,250 = 70.00) and with it the supplements and 王德明's living subsidy
     * (second-generation certificate in a dibao household, 100.00): that grant's own explanation cites no standard, so
     * its reason is the guarantee it follows, with the standard that brought it.
     */
    @Test
    void aGrantThatFollowsTheGuaranteeIsExplainedByIt() {
        ObjectNode h = Fixtures.another("510411-2019-000901", 901);
        ((ObjectNode) h.withArray("incomes").get(0)).put("annualAmount", 15000);
        store.register().create(h, "caseworker");
        casework.determine("510411-2019-000901", BEFORE, rules, "caseworker");
        Reevaluations.Item item = store.reevaluations().requireItem(runAt(AFTER).id(), "510411-2019-000901");
        Map<String, BigDecimal[]> c = changes(item);
        assertThat(c.get("DIBAO_FALLBACK")).containsExactly(null, new BigDecimal("70.00"));
        assertThat(c.get("DISABILITY_LIVING_SUBSIDY/m1")).containsExactly(null, new BigDecimal("100.00"));
        assertThat(c.get("DIBAO_CLASSIFIED_SUPPLEMENT/m2")).containsExactly(null, new BigDecimal("132.00"));
        for (JsonNode change : Json.MAPPER.readTree(item.changes())) {
            assertThat(change.get("kind").asString()).isEqualTo("ADDED");
            assertThat(change.get("attribution").toString()).as(change.get("code").asString())
                    .contains("农村低保标准").contains("410").contains("440").contains("攀枝花市城乡低保标准");
            if (change.get("code").asString().equals("DISABILITY_LIVING_SUBSIDY")) {
                assertThat(change.get("attribution").get(0).asString()).isEqualTo("本户新享受低保兜底，本项随之新增");
            }
        }
    }

    @Test
    void confirmingRecordsTheProposedBytesOnceAndAStaleProposalNever() {
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode second = Fixtures.another("510411-2019-000777", 777);
        store.register().create(second, "caseworker");
        casework.determine("510411-2019-000123", BEFORE, rules, "caseworker");
        casework.determine("510411-2019-000777", BEFORE, rules, "caseworker");
        Reevaluations.Run run = runAt(AFTER);
        assertThat(run.changed()).isEqualTo(2);

        Reevaluations.Item proposed = store.reevaluations().requireItem(run.id(), "510411-2019-000123");
        Reevaluations.Item confirmed = store.reevaluations().confirm(run.id(), "510411-2019-000123", "caseworker2");
        assertThat(confirmed.status()).isEqualTo("CONFIRMED");
        assertThat(confirmed.confirmedBy()).isEqualTo("caseworker2");
        List<DeterminationRecord> history = store.records().history("510411-2019-000123");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).recordId()).isEqualTo(confirmed.recordId());
        assertThat(history.get(0).asOf()).isEqualTo(AFTER);
        assertThat(history.get(0).determination()).isEqualTo(proposed.determination());
        // The recorded bytes are what the rules give at the new date, and the record replays to them.
        assertThat(history.get(0).determination()).isEqualTo(Json.MAPPER.writeValueAsBytes(
                rules.evaluate(RegisterDocument.read(store.register().require("510411-2019-000123").document())
                        .household(), AFTER)));
        assertThat(casework.replay(confirmed.recordId(), null, "caseworker").identical()).isTrue();

        assertThatThrownBy(() -> store.reevaluations().confirm(run.id(), "510411-2019-000123", "caseworker"))
                .isInstanceOf(Reevaluations.ConfirmConflictException.class);
        assertThat(store.records().history("510411-2019-000123")).hasSize(2);

        // Saved after the run: the proposal read older facts and is refused; nothing is recorded.
        int v = store.register().require("510411-2019-000777").version();
        ObjectNode edited = second.deepCopy();
        edited.put("phone", "13900000000");
        store.register().update("510411-2019-000777", v, edited, "caseworker");
        assertThatThrownBy(() -> store.reevaluations().confirm(run.id(), "510411-2019-000777", "caseworker"))
                .isInstanceOf(Reevaluations.ConfirmConflictException.class);
        assertThat(store.records().history("510411-2019-000777")).hasSize(1);
        assertThat(store.reevaluations().requireItem(run.id(), "510411-2019-000777").status()).isEqualTo("PROPOSED");
    }

    @Test
    void aStoppedRunResumesAfterItsLastChunkWithTheSameOutcomeAsOneRun() {
        for (int i = 0; i < 7; i++) {
            ObjectNode h = i % 2 == 0 ? Fixtures.another("510411-2021-00010" + i, 100 + i)
                    : unaffected("510411-2021-00010" + i, 100 + i);
            store.register().create(h, "caseworker");
            casework.determine(h.get("householdId").asString(), BEFORE, rules, "caseworker");
        }
        Reevaluations.Run whole = runAt(AFTER);

        Reevaluations.Run run = store.reevaluations().create(AFTER, null, null, null, rules.version(), "policy");
        AtomicInteger chunks = new AtomicInteger();
        Reevaluations.Run stopped = new ReevaluationRunner(store, rules, tmp.resolve("work")).chunkSize(2)
                .run(run.id(), () -> chunks.get() >= 2, r -> chunks.incrementAndGet());
        assertThat(stopped.state()).isEqualTo(Reevaluations.State.STOPPED);
        assertThat(stopped.processed()).isEqualTo(4);
        Reevaluations.Run resumed = new ReevaluationRunner(store, rules, tmp.resolve("work")).chunkSize(2)
                .run(run.id(), () -> false, r -> { });
        assertThat(resumed.state()).isEqualTo(Reevaluations.State.DONE);
        assertThat(resumed.processed()).isEqualTo(7);
        assertThat(resumed.changed()).isEqualTo(whole.changed()).isEqualTo(4);
        assertThat(Json.MAPPER.readTree(resumed.impact())).isEqualTo(Json.MAPPER.readTree(whole.impact()));
    }

    /**
     * A stop is looked at after every chunk, the last ones too, as the service's stop answers ("STOPPED after its
     * current chunk"): while the next chunk is read ahead, a stop that came during the last two chunks was missed
     * and the run went on to DONE (any run of fewer than two chunks could not be stopped at all). A run asked to stop
     * before it starts (queued) evaluates nothing; whatever was stopped resumes to the outcome of one whole run.
     */
    @Test
    void aStopIsHonouredAtEveryChunkBoundaryTheLastOnesToo() {
        for (int i = 0; i < 5; i++) {
            ObjectNode h = i % 2 == 0 ? Fixtures.another("510411-2021-00030" + i, 300 + i)
                    : unaffected("510411-2021-00030" + i, 300 + i);
            store.register().create(h, "caseworker");
            casework.determine(h.get("householdId").asString(), BEFORE, rules, "caseworker");
        }
        Reevaluations.Run whole = runAt(AFTER);
        // Chunks of 2: the first two are stored while the stream is read, the third (one household) after it.
        for (int afterChunks = 0; afterChunks <= 3; afterChunks++) {
            Reevaluations.Run run = store.reevaluations().create(AFTER, null, null, null, rules.version(), "policy");
            AtomicInteger chunks = new AtomicInteger();
            int n = afterChunks;
            Reevaluations.Run stopped = new ReevaluationRunner(store, rules, tmp.resolve("work")).chunkSize(2)
                    .run(run.id(), () -> chunks.get() >= n, r -> chunks.incrementAndGet());
            assertThat(stopped.state()).as("asked to stop after chunk " + n).isEqualTo(Reevaluations.State.STOPPED);
            assertThat(stopped.processed()).as("processed when asked to stop after chunk " + n)
                    .isEqualTo(Math.min(2L * n, 5));
            Reevaluations.Run resumed = new ReevaluationRunner(store, rules, tmp.resolve("work")).chunkSize(2)
                    .run(run.id(), () -> false, r -> { });
            assertThat(resumed.state()).isEqualTo(Reevaluations.State.DONE);
            assertThat(resumed.processed()).isEqualTo(5);
            assertThat(resumed.changed()).isEqualTo(whole.changed()).isEqualTo(3);
            assertThat(Json.MAPPER.readTree(resumed.impact())).isEqualTo(Json.MAPPER.readTree(whole.impact()));
        }
        // One chunk only, asked to stop while it is evaluated: STOPPED after it.
        Reevaluations.Run small = store.reevaluations().create(AFTER, null, null, null, rules.version(), "policy");
        AtomicInteger asked = new AtomicInteger();
        Reevaluations.Run one = new ReevaluationRunner(store, rules, tmp.resolve("work")).chunkSize(10)
                .run(small.id(), () -> asked.getAndIncrement() > 0, r -> { });
        assertThat(one.state()).isEqualTo(Reevaluations.State.STOPPED);
        assertThat(one.processed()).isEqualTo(5);
    }

    /**
     * Evaluated in slices on several threads, a chunk is stored in householdId order with the same items, bytes and
     * tallies as on one thread.
     */
    @Test
    void threadsChangeNothingStored() {
        for (int i = 0; i < 24; i++) {
            ObjectNode h = i % 3 == 0 ? unaffected("510411-2021-0002" + (10 + i), 200 + i)
                    : Fixtures.another("510411-2021-0002" + (10 + i), 200 + i);
            if (i % 4 == 1) {
                ((ObjectNode) h.withArray("incomes").get(0)).put("annualAmount", 15000);
            }
            store.register().create(h, "caseworker");
            casework.determine(h.get("householdId").asString(), BEFORE, rules, "caseworker");
        }
        Reevaluations.Run one = store.reevaluations().create(AFTER, null, null, null, rules.version(), "policy");
        one = new ReevaluationRunner(store, rules, tmp.resolve("work")).threads(1).chunkSize(5)
                .run(one.id(), () -> false, r -> { });
        Reevaluations.Run many = store.reevaluations().create(AFTER, null, null, null, rules.version(), "policy");
        many = new ReevaluationRunner(store, rules, tmp.resolve("work")).threads(3).chunkSize(24)
                .run(many.id(), () -> false, r -> { });
        assertThat(many.changed()).isEqualTo(one.changed()).isEqualTo(16);
        assertThat(Json.MAPPER.readTree(many.impact())).isEqualTo(Json.MAPPER.readTree(one.impact()));
        Reevaluations.Filter all = new Reevaluations.Filter(null, null, null, null, null);
        List<Reevaluations.Item> a = store.reevaluations().items(one.id(), all, "place", 0, 100);
        List<Reevaluations.Item> b = store.reevaluations().items(many.id(), all, "place", 0, 100);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).householdId()).isEqualTo(a.get(i).householdId());
            assertThat(b.get(i).changes()).isEqualTo(a.get(i).changes());
            assertThat(b.get(i).determination()).isEqualTo(a.get(i).determination());
        }
    }

    @Test
    void aBaselineDateComparesTwoEvaluationsAndAnUnrecordedHouseholdIsNew() {
        store.register().create(Fixtures.example(), "caseworker");
        Reevaluations.Run run = store.reevaluations().create(AFTER, BEFORE, "仁和区", null, rules.version(), "policy");
        run = new ReevaluationRunner(store, rules, tmp.resolve("work")).run(run.id(), () -> false, r -> { });
        Reevaluations.Item item = store.reevaluations().requireItem(run.id(), "510411-2019-000123");
        assertThat(item.kind()).isEqualTo("ADJUSTED");
        assertThat(item.baselineRecordId()).isNull();
        assertThat(item.baselineAsOf()).isEqualTo(BEFORE);
        assertThat(changes(item).get("DIBAO_FALLBACK")).containsExactly(new BigDecimal("930.00"),
                new BigDecimal("1020.00"));

        Reevaluations.Run noRecord = runAt(AFTER);
        Reevaluations.Item added = store.reevaluations().requireItem(noRecord.id(), "510411-2019-000123");
        assertThat(added.kind()).isEqualTo("ADDED");
        assertThat(added.beforeMonthly()).isEqualByComparingTo("0");

        Reevaluations.Run otherCounty = store.reevaluations().create(AFTER, BEFORE, "东区", null, rules.version(), "p");
        otherCounty = new ReevaluationRunner(store, rules, tmp.resolve("work")).run(otherCounty.id(), () -> false,
                r -> { });
        assertThat(otherCounty.households()).isZero();
        assertThat(otherCounty.changed()).isZero();
    }
}
