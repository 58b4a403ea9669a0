package cn.pzh.eligibility.store;

import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.rules.Ruleset;
import cn.pzh.eligibility.store.Reevaluations.Item;
import cn.pzh.eligibility.store.Reevaluations.Latest;
import cn.pzh.eligibility.store.Reevaluations.Run;
import cn.pzh.eligibility.store.Reevaluations.RunError;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one re-evaluation: streams the newest facts of every household in scope from the database (householdId
 * order), evaluates them at the run's date under the ruleset in service, compares with the baseline (the latest
 * recorded determination, or an evaluation at {@code baselineAsOf}) and stores, per chunk and in one transaction,
 * the changed households' items, the errors, the counts and the impact tallies. A stopped run resumes after the last
 * stored household with its tallies, so nothing is counted twice. Used by the service's job and by the CLI.
 */
public final class ReevaluationRunner {

    /** Households per stored chunk: the unit of progress and of what a stop can lose. */
    static final int CHUNK = 200;

    /** Thrown inside the stream to end it at a chunk boundary. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final Store store;
    private final Ruleset ruleset;
    private final Path rulesetWorkDir;
    private final Map<String, Ruleset> archived = new HashMap<>();
    private final Map<String, RulesetDiff> diffs = new HashMap<>();
    private int chunkSize = CHUNK;

    /** {@code rulesetWorkDir}: where archived rulesets (of the baseline records) are written out to be loaded. */
    public ReevaluationRunner(Store store, Ruleset ruleset, Path rulesetWorkDir) {
        this.store = store;
        this.ruleset = ruleset;
        this.rulesetWorkDir = rulesetWorkDir;
    }

    /** Households per stored chunk (tests use small chunks to stop between them). */
    public ReevaluationRunner chunkSize(int n) {
        this.chunkSize = Math.max(1, n);
        return this;
    }

    /**
     * Runs (or resumes) the run to its end, or to the first chunk boundary after {@code stop} turns true (then the
     * run is STOPPED). {@code progress} gets the run after each chunk.
     */
    public Run run(long runId, BooleanSupplier stop, Consumer<Run> progress) {
        Run run = store.reevaluations().require(runId);
        if (!run.rulesetVersion().equals(ruleset.version())) {
            throw new IllegalStateException("run " + runId + " was started under ruleset " + run.rulesetVersion()
                    + ", the service has " + ruleset.version());
        }
        // Every record a confirmation makes must be replayable: the ruleset goes into the archive first.
        if (!store.archive().contains(ruleset.version())) {
            store.archive().archive(ruleset, "reevaluation");
        }
        Reevaluations runs = store.reevaluations();
        runs.state(runId, Reevaluations.State.RUNNING, false);
        long total = runs.countHouseholds(run.county(), run.township());
        Tally tally = run.impact() == null ? new Tally() : Json.MAPPER.readValue(run.impact(), Tally.class);
        tally.households = total;
        runs.setHouseholds(runId, total);
        Chunk chunk = new Chunk();
        try {
            runs.forEachLatest(run.county(), run.township(), run.lastHousehold(), l -> {
                one(run, l, tally, chunk);
                if (chunk.size >= chunkSize) {
                    flush(runId, tally, chunk, progress);
                    if (stop.getAsBoolean()) {
                        throw new Stopped();
                    }
                }
            });
            flush(runId, tally, chunk, progress);
            runs.state(runId, Reevaluations.State.DONE, true);
        } catch (Stopped s) {
            runs.state(runId, Reevaluations.State.STOPPED, true);
        } catch (RuntimeException e) {
            runs.state(runId, Reevaluations.State.FAILED, true);
            throw e;
        }
        return runs.require(runId);
    }

    private final class Chunk {
        final List<Item> items = new ArrayList<>();
        final List<RunError> errors = new ArrayList<>();
        int size;
        String last;
    }

    private void flush(long runId, Tally t, Chunk c, Consumer<Run> progress) {
        if (c.size == 0) {
            return;
        }
        store.reevaluations().saveChunk(runId, c.items, c.errors, t.households, t.processed, t.errors, t.changed,
                c.last, Json.MAPPER.writeValueAsString(t));
        c.items.clear();
        c.errors.clear();
        c.size = 0;
        progress.accept(store.reevaluations().require(runId));
    }

    private void one(Run run, Latest l, Tally t, Chunk chunk) {
        HouseholdVersion v = l.version();
        chunk.size++;
        chunk.last = v.householdId();
        t.processed++;
        RegisterDocument doc;
        Determination after;
        Determination before;
        try {
            doc = RegisterDocument.read(v.document());
            after = ruleset.evaluate(doc.household(), run.asOf());
            before = run.baselineAsOf() != null ? ruleset.evaluate(doc.household(), run.baselineAsOf())
                    : l.record() == null ? null : Json.MAPPER.readValue(l.record().determination(), Determination.class);
        } catch (InvalidHouseholdException e) {
            t.errors++;
            FieldError f = e.errors().isEmpty() ? null : e.errors().get(0);
            chunk.errors.add(new RunError(v.householdId(), f == null ? null : f.path(),
                    f == null ? "invalid household（家庭信息无效）" : f.message() + "（" + f.messageZh() + "）"));
            return;
        } catch (RuntimeException e) {
            // The exception's message may quote input; its kind is enough to find the household again.
            t.errors++;
            chunk.errors.add(new RunError(v.householdId(), null, "evaluation failed: " + e.getClass().getSimpleName()
                    + "（核定失败）"));
            return;
        }
        String county = doc.household().county();
        int people = doc.household().members().size();
        List<Entitlement> eb = before == null ? List.of() : before.entitlements();
        Totals tb = totals(before);
        Totals ta = totals(after);
        Map<List<Object>, Entitlement> b = index(eb);
        Map<List<Object>, Entitlement> a = index(after.entitlements());
        Set<List<Object>> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        RulesetDiff diff = null;
        ArrayNode changes = Json.MAPPER.createArrayNode();
        List<ObjectNode> unexplained = new ArrayList<>();
        ObjectNode cause = null;
        for (List<Object> k : keys) {
            Entitlement x = b.get(k);
            Entitlement y = a.get(k);
            String kind = x == null ? "ADDED" : y == null ? "STOPPED"
                    : x.amount().compareTo(y.amount()) != 0 ? "ADJUSTED" : null;
            if (kind == null) {
                continue;
            }
            if (diff == null) {
                diff = diff(run, l);
            }
            Entitlement e = y != null ? y : x;
            ObjectNode c = changes.addObject();
            c.put("code", e.code());
            c.put("name", e.name());
            c.put("memberId", e.memberId());
            if (e.costItem() != null) {
                c.put("costItem", e.costItem());
            }
            c.put("period", e.period() == null ? null : e.period().name());
            c.put("kind", kind);
            c.put("before", x == null ? null : x.amount());
            c.put("after", y == null ? null : y.amount());
            ArrayNode why = c.putArray("attribution");
            List<String> reasons = attribution(diff, run, l, before, after, x, y);
            if (reasons.isEmpty()) {
                unexplained.add(c);
            } else {
                reasons.forEach(why::add);
                // The household's own grant explains best what follows from it (a dibao household's supplements).
                if (cause == null || (!cause.get("memberId").isNull() && e.memberId() == null)) {
                    cause = c;
                }
            }
        }
        for (ObjectNode c : unexplained) {
            ArrayNode why = c.withArray("attribution");
            if (cause != null) {
                // A grant that follows another one's change (the living subsidy of a household newly under the
                // guarantee): named with that change, and that change's own reasons.
                why.add(consequence(cause, c.get("kind").asString()));
                cause.get("attribution").forEach(why::add);
            } else {
                why.add("按 " + run.asOf() + " 的家庭情况和政策重新计算");
            }
        }
        t.add(county, people, tb, ta, b.values(), a.values(), !changes.isEmpty());
        if (changes.isEmpty()) {
            return;
        }
        t.changed++;
        String kind = eb.isEmpty() ? "ADDED" : after.entitlements().isEmpty() ? "STOPPED" : "ADJUSTED";
        byte[] input = Json.MAPPER.writeValueAsBytes(RegisterDocument.facts(v.document()));
        chunk.items.add(new Item(run.id(), v.householdId(), v.version(), county, doc.township(), doc.village(), kind,
                run.baselineAsOf() == null && l.record() != null ? l.record().recordId() : null,
                run.baselineAsOf() != null ? run.baselineAsOf() : l.record() == null ? null : l.record().asOf(),
                tb.monthly, tb.annual, ta.monthly, ta.annual, Json.MAPPER.writeValueAsString(changes),
                Casework.inputHash(input, run.asOf()), Json.MAPPER.writeValueAsBytes(after), "PROPOSED", null, null,
                null));
    }

    /** What changed between the baseline's rules and dates and the run's: computed once per baseline. */
    private RulesetDiff diff(Run run, Latest l) {
        if (run.baselineAsOf() != null || l.record() == null) {
            LocalDate from = run.baselineAsOf() != null ? run.baselineAsOf() : run.asOf();
            return diffs.computeIfAbsent("service@" + from, k -> RulesetDiff.of(ruleset, from, ruleset, run.asOf()));
        }
        DeterminationRecord r = l.record();
        return diffs.computeIfAbsent(r.rulesetVersion() + "@" + r.asOf(), k -> {
            Ruleset base;
            if (r.rulesetVersion().equals(ruleset.version())) {
                base = ruleset;
            } else {
                try {
                    base = archived.computeIfAbsent(r.rulesetVersion(),
                            ver -> store.archive().load(ver, rulesetWorkDir));
                } catch (RuntimeException e) {
                    // Without the old rules the parameters at the old date still explain a date change.
                    base = ruleset;
                }
            }
            return RulesetDiff.of(base, r.asOf(), ruleset, run.asOf());
        });
    }

    /**
     * Why one entitlement changed, in words a family reads: the parameters whose description the grant's (or the
     * refusal's) explanation cites, as the batch diff attributes them, with the document that sets the new value;
     * the rules whose text changed; or that the household's facts changed since the baseline.
     */
    private List<String> attribution(RulesetDiff diff, Run run, Latest l, Determination before,
            Determination after, Entitlement x, Entitlement y) {
        StringBuilder text = new StringBuilder();
        for (Entitlement e : Arrays.asList(x, y)) {
            if (e != null && e.explanation() != null) {
                text.append(e.explanation());
            }
        }
        Entitlement any = y != null ? y : x;
        for (Determination d : Arrays.asList(before, after)) {
            if (d == null) {
                continue;
            }
            for (Determination.NotGranted ng : d.notGranted()) {
                if (ng.code().equals(any.code()) && Objects.equals(ng.memberId(), any.memberId())) {
                    ng.reasons().forEach(text::append);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (RulesetDiff.ParameterChange p : diff.effectiveParameters()) {
            if (p.description() != null && text.indexOf(p.description()) >= 0) {
                Parameter param = ruleset.parameters().parameters().get(p.name());
                ParamValue now = param == null ? null : param.at(run.asOf());
                String ref = now == null || now.reference() == null ? "" : "，依据：" + now.reference();
                out.add(p.description() + "由 " + p.before() + " 调整为 " + p.after() + ref);
            }
        }
        for (Entitlement e : Arrays.asList(x, y)) {
            if (e != null && e.rule() != null && diff.ruleChanged(e.rule())) {
                String s = "规则“" + e.rule() + "”已修订";
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        if (out.isEmpty() && l.record() != null && run.baselineAsOf() == null
                && l.record().factsVersion() != l.version().version()) {
            out.add("家庭信息已于核定后更新（第 " + l.version().version() + " 版）");
        }
        if (out.isEmpty() && before == null) {
            out.add("该家庭尚无核定记录，本次为首次核定");
        }
        return out;
    }

    /** "本户新享受低保兜底，本项随之新增": a change that follows from another change of the same household. */
    static String consequence(ObjectNode cause, String kind) {
        String name = cause.get("name").asString();
        String what = switch (cause.get("kind").asString()) {
            case "ADDED" -> "本户新享受" + name;
            case "STOPPED" -> "本户不再享受" + name;
            default -> "本户" + name + "金额调整";
        };
        String verb = switch (kind) {
            case "ADDED" -> "新增";
            case "STOPPED" -> "停发";
            default -> "调整";
        };
        return what + "，本项随之" + verb;
    }

    private static Map<List<Object>, Entitlement> index(List<Entitlement> es) {
        Map<List<Object>, Entitlement> m = new LinkedHashMap<>();
        for (Entitlement e : es) {
            m.put(Arrays.asList(e.code(), e.memberId(), e.costItem()), e);
        }
        return m;
    }

    record Totals(BigDecimal monthly, BigDecimal annual, BigDecimal yearly) {
    }

    /** The totals of a determination (none: zero); {@code yearly} as the batch report: monthly × 12 + annual + one-off. */
    static Totals totals(Determination d) {
        if (d == null) {
            return new Totals(BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2));
        }
        Determination.Totals t = d.totals();
        return new Totals(t.monthly(), t.annual(),
                t.monthly().multiply(BigDecimal.valueOf(12)).add(t.annual()).add(t.oneOff()));
    }

    /** The impact tallies of a run, unchanged households included; JSON in the run row. No personal data. */
    public static final class Tally {
        public long households;
        public long processed;
        public long errors;
        public long changed;
        public long newlyCoveredHouseholds;
        public long newlyCoveredPeople;
        public long stoppedHouseholds;
        public long stoppedPeople;
        public BigDecimal monthlyBefore = BigDecimal.ZERO;
        public BigDecimal monthlyAfter = BigDecimal.ZERO;
        public BigDecimal yearlyBefore = BigDecimal.ZERO;
        public BigDecimal yearlyAfter = BigDecimal.ZERO;
        public TreeMap<String, Place> byCounty = new TreeMap<>();
        public TreeMap<String, Code> byEntitlement = new TreeMap<>();
        /** DOWN_MORE_5, DOWN_UP_TO_5, UNCHANGED, UP_TO_5, UP_MORE_5 → households. */
        public LinkedHashMap<String, Long> bands = new LinkedHashMap<>();

        public static final class Place {
            public long households;
            public long changed;
            public BigDecimal monthlyBefore = BigDecimal.ZERO;
            public BigDecimal monthlyAfter = BigDecimal.ZERO;
        }

        public static final class Code {
            public String name;
            public String period;
            public long households;
            public BigDecimal before = BigDecimal.ZERO;
            public BigDecimal after = BigDecimal.ZERO;
        }

        public Tally() {
            for (String b : BANDS) {
                bands.put(b, 0L);
            }
        }

        public static final List<String> BANDS = List.of("DOWN_MORE_5", "DOWN_UP_TO_5", "UNCHANGED", "UP_TO_5",
                "UP_MORE_5");

        void add(String county, int people, Totals tb, Totals ta, java.util.Collection<Entitlement> before,
                java.util.Collection<Entitlement> after, boolean changedHousehold) {
            if (before.isEmpty() && !after.isEmpty()) {
                newlyCoveredHouseholds++;
                newlyCoveredPeople += people;
            } else if (!before.isEmpty() && after.isEmpty()) {
                stoppedHouseholds++;
                stoppedPeople += people;
            }
            monthlyBefore = monthlyBefore.add(tb.monthly());
            monthlyAfter = monthlyAfter.add(ta.monthly());
            yearlyBefore = yearlyBefore.add(tb.yearly());
            yearlyAfter = yearlyAfter.add(ta.yearly());
            Place p = byCounty.computeIfAbsent(county, k -> new Place());
            p.households++;
            if (changedHousehold) {
                p.changed++;
            }
            p.monthlyBefore = p.monthlyBefore.add(tb.monthly());
            p.monthlyAfter = p.monthlyAfter.add(ta.monthly());
            Set<String> seen = new java.util.HashSet<>();
            for (Entitlement e : before) {
                Code c = code(e, seen);
                c.before = c.before.add(e.amount());
            }
            for (Entitlement e : after) {
                Code c = code(e, seen);
                c.after = c.after.add(e.amount());
            }
            bands.merge(band(tb.yearly(), ta.yearly()), 1L, Long::sum);
        }

        private Code code(Entitlement e, Set<String> seen) {
            Code c = byEntitlement.computeIfAbsent(e.code(), k -> new Code());
            c.name = e.name();
            c.period = e.period() == null ? null : e.period().name();
            if (seen.add(e.code())) {
                c.households++;
            }
            return c;
        }

        /** The change of the household's yearly total relative to before; from nothing to something is up >5%. */
        static String band(BigDecimal before, BigDecimal after) {
            int cmp = after.compareTo(before);
            if (cmp == 0) {
                return "UNCHANGED";
            }
            if (before.signum() == 0) {
                return "UP_MORE_5";
            }
            BigDecimal limit = before.abs().multiply(new BigDecimal("0.05"));
            boolean large = after.subtract(before).abs().compareTo(limit) > 0;
            return cmp < 0 ? (large ? "DOWN_MORE_5" : "DOWN_UP_TO_5") : (large ? "UP_MORE_5" : "UP_TO_5");
        }
    }
}
