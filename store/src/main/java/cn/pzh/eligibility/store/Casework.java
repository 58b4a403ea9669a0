package cn.pzh.eligibility.store;

import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Determining a registered household and re-running a recorded determination. The engine gets the facts alone
 * ({@link RegisterDocument#facts}), so no name or identity number can reach a determination.
 */
public final class Casework {

    /** One entitlement that a replay under other rules gives differently. */
    public record Difference(String code, String name, String memberId, Integer costItem, String change,
            BigDecimal before, BigDecimal after, String period) {
    }

    /**
     * {@code identical}: the replay's bytes equal the recorded bytes. {@code differences} and {@code rulesetDiff}
     * only when replayed against other rules.
     */
    public record Replay(DeterminationRecord record, String rulesetVersion, boolean identical, byte[] determination,
            List<Difference> differences, Determination.Totals totalsBefore, Determination.Totals totalsAfter,
            RulesetDiff rulesetDiff) {
    }

    private final Store store;
    private final Path rulesetWorkDir;

    /** {@code rulesetWorkDir}: where archived rulesets are written out to be loaded again. */
    public Casework(Store store, Path rulesetWorkDir) {
        this.store = store;
        this.rulesetWorkDir = rulesetWorkDir;
    }

    /** Determines the household's newest facts under {@code ruleset} and records it; both or neither. */
    public DeterminationRecord determine(String householdId, LocalDate asOf, Ruleset ruleset, String user) {
        HouseholdVersion v = store.register().require(householdId);
        RegisterDocument doc = RegisterDocument.read(v.document());
        byte[] input = Json.MAPPER.writeValueAsBytes(RegisterDocument.facts(v.document()));
        Determination d = ruleset.evaluate(doc.household(), asOf);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(d);
        // A record must be replayable: its ruleset goes into the archive first (once per version).
        if (!store.archive().contains(ruleset.version())) {
            store.archive().archive(ruleset, "determination");
        }
        return store.records().append(householdId, v.version(), asOf, ruleset.version(), user,
                inputHash(input, asOf), bytes);
    }

    /**
     * Re-runs a record on the facts version it read. With {@code against} null, under the ruleset it was made with
     * (from the archive); otherwise under {@code against}, with the entitlements that differ.
     */
    public Replay replay(long recordId, Ruleset against, String user) {
        DeterminationRecord r = store.records().require(recordId);
        HouseholdVersion v = store.register().version(r.householdId(), r.factsVersion())
                .orElseThrow(() -> HouseholdRegister.unknown(r.householdId()));
        RegisterDocument doc = RegisterDocument.read(v.document());
        byte[] input = Json.MAPPER.writeValueAsBytes(RegisterDocument.facts(v.document()));
        if (!inputHash(input, r.asOf()).equals(r.inputSha256())) {
            throw new StoreException("record " + recordId + ": the stored facts no longer hash to the recorded input");
        }
        Ruleset original = store.archive().load(r.rulesetVersion(), rulesetWorkDir);
        Ruleset rules = against == null ? original : against;
        Determination d = rules.evaluate(doc.household(), r.asOf());
        byte[] bytes = Json.MAPPER.writeValueAsBytes(d);
        store.access().record(user, r.householdId(), AccessRecords.Purpose.REPLAY, recordId);
        boolean identical = Arrays.equals(bytes, r.determination());
        if (against == null) {
            return new Replay(r, rules.version(), identical, bytes, List.of(), null, null, null);
        }
        Determination before = Json.MAPPER.readValue(r.determination(), Determination.class);
        RulesetDiff diff = against.version().equals(original.version()) ? null
                : RulesetDiff.of(original, r.asOf(), against, r.asOf());
        return new Replay(r, rules.version(), identical, bytes, differences(before, d), before.totals(), d.totals(),
                diff);
    }

    static List<Difference> differences(Determination before, Determination after) {
        Map<List<Object>, Entitlement> b = index(before);
        Map<List<Object>, Entitlement> a = index(after);
        Set<List<Object>> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        List<Difference> out = new ArrayList<>();
        for (List<Object> k : keys) {
            Entitlement eb = b.get(k);
            Entitlement ea = a.get(k);
            String change = eb == null ? "GAIN" : ea == null ? "LOSS"
                    : eb.amount().compareTo(ea.amount()) != 0 ? "CHANGE" : null;
            if (change == null) {
                continue;
            }
            Entitlement e = ea != null ? ea : eb;
            out.add(new Difference(e.code(), e.name(), e.memberId(), e.costItem(), change,
                    eb == null ? null : eb.amount(), ea == null ? null : ea.amount(),
                    e.period() == null ? null : e.period().name()));
        }
        return out;
    }

    private static Map<List<Object>, Entitlement> index(Determination d) {
        Map<List<Object>, Entitlement> m = new LinkedHashMap<>();
        for (Entitlement e : d.entitlements()) {
            m.put(Arrays.asList(e.code(), e.memberId(), e.costItem()), e);
        }
        return m;
    }

    /** SHA-256 over the engine's input: the facts as stored (identity removed) and the assessment date. */
    static String inputHash(byte[] facts, LocalDate asOf) {
        byte[] date = asOf.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(facts, facts.length + 1 + date.length);
        all[facts.length] = '\n';
        System.arraycopy(date, 0, all, facts.length + 1, date.length);
        return RulesetArchive.sha256(all);
    }

}
