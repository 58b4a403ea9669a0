package cn.pzh.eligibility.store;

import cn.pzh.eligibility.batch.OrderedPipeline;
import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.store.Reevaluations.Item;
import cn.pzh.eligibility.store.Reevaluations.Latest;
import cn.pzh.eligibility.store.Reevaluations.Run;
import cn.pzh.eligibility.store.Reevaluations.RunError;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    static final int CHUNK = 500;

    /** Households per rule session, as the batch's chunks: issue 12 measured 200 faster than 50 or 1,000. */
    static final int SESSION = 256;

    /** Thrown inside the stream to end it at a chunk boundary. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final Store store;
    private final Ruleset ruleset;
    private final Path rulesetWorkDir;
    // Shared by the workers of a chunk: computed once per baseline ruleset and date.
    private final Map<String, Ruleset> archived = new ConcurrentHashMap<>();
    private final Map<String, RulesetDiff> diffs = new ConcurrentHashMap<>();
    private int chunkSize = CHUNK;
    private int threads = Runtime.getRuntime().availableProcessors();

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

    /** Threads that evaluate a chunk's households (default: all cores); the chunk is stored in order after. */
    public ReevaluationRunner threads(int n) {
        this.threads = Math.max(1, n);
        return this;
    }

    /**
     * Runs (or resumes) the run to its end, or to the first chunk boundary after {@code stop} turns true (then the
     * run is STOPPED): before the first chunk and after every stored one, the last included. {@code progress} gets
     * the run after each chunk.
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
        ImpactTally tally = run.impact() == null ? new ImpactTally() : Json.MAPPER.readValue(run.impact(), ImpactTally.class);
        tally.households = total;
        runs.setHouseholds(runId, total);
        Chunk chunk = new Chunk();
        Pages pages = new Pages(runs, run.county(), run.township(), run.lastHousehold());
        try {
            // Asked to stop while it waited in the queue: nothing is evaluated.
            stopIfAsked(stop);
            // The pipeline of batch and evaluate --jsonl: this thread reads the next chunk from the database while
            // the workers evaluate the ones before it; the chunks are stored in householdId order, one transaction
            // each, and a stop is looked at after every stored chunk, the last one included. A stop discards the
            // chunks in flight, which a resume evaluates again.
            OrderedPipeline.run(pages::next, batch -> outcomes(run, batch), outcomes -> {
                collect(outcomes, tally, chunk);
                flush(runId, tally, chunk, progress);
                stopIfAsked(stop);
            }, threads);
            runs.state(runId, Reevaluations.State.DONE, true);
        } catch (Stopped s) {
            runs.state(runId, Reevaluations.State.STOPPED, true);
        } catch (RuntimeException e) {
            runs.state(runId, Reevaluations.State.FAILED, true);
            throw e;
        } catch (Exception e) {
            runs.state(runId, Reevaluations.State.FAILED, true);
            throw new IllegalStateException(e);
        }
        return runs.require(runId);
    }

    /** The register in chunks of {@code chunkSize}, read a page at a time after the last household read. */
    private final class Pages {
        private final Reevaluations runs;
        private final String county;
        private final String township;
        private String after;
        private List<Latest> page = List.of();
        private int at;
        private boolean last;

        Pages(Reevaluations runs, String county, String township, String after) {
            this.runs = runs;
            this.county = county;
            this.township = township;
            this.after = after;
        }

        List<Latest> next() {
            List<Latest> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize) {
                if (at == page.size()) {
                    if (last) {
                        break;
                    }
                    page = runs.latestPage(county, township, after);
                    at = 0;
                    last = page.size() < Reevaluations.PAGE;
                    if (page.isEmpty()) {
                        break;
                    }
                    after = page.get(page.size() - 1).version().householdId();
                }
                chunk.add(page.get(at++));
            }
            return chunk.isEmpty() ? null : chunk;
        }
    }

    private static void stopIfAsked(BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
    }

    /** One household's outcome: an error, or what the tallies need and the item when its entitlements change. */
    private record Outcome(Latest latest, RunError error, String county, int people, Determination before,
            Determination after, boolean changed, Item item) {
    }

    /**
     * Counts and keeps a chunk's outcomes in householdId order on the pipeline's writer thread: the stored chunk is
     * the same whatever the number of threads.
     */
    private void collect(List<Outcome> outcomes, ImpactTally t, Chunk chunk) {
        for (Outcome o : outcomes) {
            chunk.size++;
            chunk.last = o.latest().version().householdId();
            t.processed++;
            if (o.error() != null) {
                t.errors++;
                chunk.errors.add(o.error());
                continue;
            }
            t.add(o.county(), o.people(), o.before(), o.after(), o.changed());
            if (o.item() != null) {
                chunk.items.add(o.item());
            }
        }
    }

    /** A chunk's outcomes, evaluated in rule sessions of at most {@link #SESSION} households. */
    private List<Outcome> outcomes(Run run, List<Latest> chunk) {
        if (chunk.size() <= SESSION) {
            return session(run, chunk);
        }
        List<Outcome> out = new ArrayList<>(chunk.size());
        for (int from = 0; from < chunk.size(); from += SESSION) {
            out.addAll(session(run, chunk.subList(from, Math.min(chunk.size(), from + SESSION))));
        }
        return out;
    }

    private List<Outcome> session(Run run, List<Latest> slice) {
        Outcome[] out = new Outcome[slice.size()];
        RegisterDocument[] docs = new RegisterDocument[slice.size()];
        List<Household> valid = new ArrayList<>(slice.size());
        for (int i = 0; i < slice.size(); i++) {
            HouseholdVersion v = slice.get(i).version();
            try {
                docs[i] = RegisterDocument.read(v.document());
                valid.add(docs[i].household());
            } catch (InvalidHouseholdException e) {
                FieldError f = e.errors().isEmpty() ? null : e.errors().get(0);
                out[i] = failed(slice.get(i), new RunError(v.householdId(), f == null ? null : f.path(),
                        f == null ? "invalid household（家庭信息无效）" : f.message() + "（" + f.messageZh() + "）"));
            }
        }
        List<Evaluator.Outcome> after = ruleset.evaluateAll(valid, run.asOf());
        List<Evaluator.Outcome> base = run.baselineAsOf() == null ? null
                : ruleset.evaluateAll(valid, run.baselineAsOf());
        int k = 0;
        for (int i = 0; i < slice.size(); i++) {
            if (docs[i] == null) {
                continue;
            }
            Latest l = slice.get(i);
            Evaluator.Outcome a = after.get(k);
            Evaluator.Outcome b = base == null ? null : base.get(k);
            k++;
            RuntimeException error = a.error() != null ? a.error() : b != null ? b.error() : null;
            try {
                if (error != null) {
                    throw error;
                }
                Determination before = b != null ? b.determination() : l.record() == null ? null
                        : Json.MAPPER.readValue(l.record().determination(), Determination.class);
                out[i] = compare(run, l, docs[i], before, a.determination());
            } catch (RuntimeException e) {
                // The exception's message may quote input; its kind is enough to find the household again.
                out[i] = failed(l, new RunError(l.version().householdId(), null, "evaluation failed: "
                        + e.getClass().getSimpleName() + "（核定失败）"));
            }
        }
        return List.of(out);
    }

    private static Outcome failed(Latest l, RunError e) {
        return new Outcome(l, e, null, 0, null, null, false, null);
    }

    private final class Chunk {
        final List<Item> items = new ArrayList<>();
        final List<RunError> errors = new ArrayList<>();
        int size;
        String last;
    }

    private void flush(long runId, ImpactTally t, Chunk c, Consumer<Run> progress) {
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

    /** The changes between baseline and new determination, attributed, and the item when there are any. */
    private Outcome compare(Run run, Latest l, RegisterDocument doc, Determination before, Determination after) {
        HouseholdVersion v = l.version();
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
        if (changes.isEmpty()) {
            return new Outcome(l, null, county, people, before, after, false, null);
        }
        String kind = eb.isEmpty() ? "ADDED" : after.entitlements().isEmpty() ? "STOPPED" : "ADJUSTED";
        byte[] input = Json.MAPPER.writeValueAsBytes(RegisterDocument.facts(v.document()));
        return new Outcome(l, null, county, people, before, after, true, new Item(run.id(), v.householdId(),
                v.version(), county, doc.township(), doc.village(), kind,
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
}
