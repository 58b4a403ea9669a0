package cn.pzh.eligibility.service.reeval;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.store.ImpactTally;
import cn.pzh.eligibility.store.Reevaluations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of shared REEVAL-API.md: field names fixed there, extra fields allowed. */
public final class ReevaluationViews {

    private ReevaluationViews() {
    }

    static final Map<String, String> KIND_LABELS = Map.of("ADDED", "新增", "STOPPED", "停发", "ADJUSTED", "金额调整");

    static String kindLabel(String kind) {
        return KIND_LABELS.getOrDefault(kind, kind);
    }

    public record Links(String worklist, String csv, String impact, String errors) {
    }

    public record RunView(long id, String state, LocalDate asOf, LocalDate baselineAsOf, String county,
            String township, String rulesetVersion, String startedBy, Instant startedAt, Instant finishedAt,
            long households, long processed, long errors, long changed, Links links) {
        static RunView of(Reevaluations.Run r) {
            String base = "/api/v1/reevaluations/" + r.id();
            return new RunView(r.id(), r.state().name(), r.asOf(), r.baselineAsOf(), r.county(), r.township(),
                    r.rulesetVersion(), r.startedBy(), r.startedAt(), r.finishedAt(), r.households(), r.processed(),
                    r.errors(), r.changed(), new Links(base + "/worklist", base + "/worklist.csv", base + "/impact",
                            base + "/errors"));
        }
    }

    public record RunList(List<RunView> runs) {
    }

    public record StartRequest(String asOf, String county, String township, String baselineAsOf) {
    }

    public record Amounts(BigDecimal monthlyTotal, BigDecimal annualTotal) {
    }

    /** {@code memberName}: the member's name from the register (caseworkers' views only; null for the household). */
    public record ChangeView(String code, String name, String memberId, String memberName, String period, String kind,
            String kindLabel, BigDecimal before, BigDecimal after, List<String> attribution) {
    }

    public record ItemView(String householdId, String headName, String county, String township, String village,
            String kind, String kindLabel, String status, String confirmedBy, Instant confirmedAt, Long recordId,
            Long baselineRecordId, LocalDate baselineAsOf, Amounts before, Amounts after, List<ChangeView> changes) {
        /** {@code facts}: the register document the item was evaluated from (names of the head and members). */
        static ItemView of(Reevaluations.Item i, JsonNode facts) {
            Map<String, String> names = new java.util.HashMap<>();
            String head = "";
            for (JsonNode m : facts.path("members")) {
                String name = m.path("name").asString("");
                names.put(m.path("memberId").asString(""), name);
                if ("HEAD".equals(m.path("relation").asString(""))) {
                    head = name;
                }
            }
            return new ItemView(i.householdId(), head, i.county(), i.township(), i.village(), i.kind(),
                    ReevaluationViews.kindLabel(i.kind()), i.status(), i.confirmedBy(), i.confirmedAt(), i.recordId(),
                    i.baselineRecordId(), i.baselineAsOf(), new Amounts(i.beforeMonthly(), i.beforeAnnual()),
                    new Amounts(i.afterMonthly(), i.afterAnnual()), ReevaluationViews.changes(i, names));
        }
    }

    static List<ChangeView> changes(Reevaluations.Item i) {
        return changes(i, Map.of());
    }

    static List<ChangeView> changes(Reevaluations.Item i, Map<String, String> names) {
        List<ChangeView> out = new ArrayList<>();
        for (JsonNode c : Json.MAPPER.readTree(i.changes())) {
            List<String> why = new ArrayList<>();
            c.get("attribution").forEach(a -> why.add(a.asString()));
            String member = text(c, "memberId");
            out.add(new ChangeView(text(c, "code"), text(c, "name"), member,
                    member == null ? null : names.get(member), text(c, "period"), text(c, "kind"),
                    kindLabel(text(c, "kind")), amount(c, "before"), amount(c, "after"), List.copyOf(why)));
        }
        return out;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static BigDecimal amount(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.decimalValue().setScale(2, RoundingMode.HALF_UP);
    }

    public record Worklist(long total, int offset, int limit, List<ItemView> items) {
    }

    public record TownshipList(List<Reevaluations.Township> townships) {
    }

    public record ErrorList(long total, List<Reevaluations.RunError> errors) {
    }

    public record Count(long households, long people) {
    }

    public record Cost(BigDecimal before, BigDecimal after, BigDecimal difference) {
        static Cost of(BigDecimal b, BigDecimal a) {
            return new Cost(money(b), money(a), money(a.subtract(b)));
        }
    }

    /** One county: {@code annual…} per year (monthly × 12 + yearly + one-off). */
    public record CountyImpact(String county, long households, long changed, long newlyCovered, long stopped,
            BigDecimal monthlyBefore, BigDecimal monthlyAfter, BigDecimal annualBefore, BigDecimal annualAfter) {
    }

    /**
     * One entitlement: households that have it before / after, that gain or lose it; {@code amountBefore/After} in
     * its own period (a month's sum for a monthly grant, a year's for a yearly one, the one-off total), and
     * {@code annualBefore/After} per year.
     */
    public record EntitlementImpact(String code, String name, String period, long households, long householdsBefore,
            long householdsAfter, long added, long stopped, BigDecimal amountBefore, BigDecimal amountAfter,
            BigDecimal annualBefore, BigDecimal annualAfter) {
    }

    public record Band(String band, String label, long households) {
    }

    /** The measures the dry run of a proposal and a re-evaluation run share (see ImpactTally). */
    public record Measures(long households, long processed, long errors, long changed, Count newlyCovered,
            Count stopped, Cost monthlyCost, Cost annualCost, List<CountyImpact> byCounty,
            List<EntitlementImpact> byEntitlement, List<Band> bands) {
    }

    // Named apart from the publish gate's Impact (reload), which springdoc would otherwise describe in its place.
    @io.swagger.v3.oas.annotations.media.Schema(name = "ReevaluationImpact")
    public record Impact(long runId, String state, LocalDate asOf, long households, long processed, long errors,
            long changed, Count newlyCovered, Count stopped, Cost monthlyCost, Cost annualCost,
            List<CountyImpact> byCounty, List<EntitlementImpact> byEntitlement, List<Band> bands) {
    }

    /** The five bands, in words. */
    public static final Map<String, String> BAND_LABELS = Map.of("DOWN_MORE_5", "减少超过5%", "DOWN_UP_TO_5",
            "减少5%以内", "UNCHANGED", "不变", "UP_TO_5", "增加5%以内", "UP_MORE_5", "增加超过5%");

    public static Measures measures(ImpactTally t) {
        List<CountyImpact> counties = new ArrayList<>();
        t.byCounty.forEach((k, v) -> counties.add(new CountyImpact(k, v.households, v.changed, v.newlyCovered,
                v.stopped, money(v.monthlyBefore), money(v.monthlyAfter), money(v.yearlyBefore),
                money(v.yearlyAfter))));
        List<EntitlementImpact> codes = new ArrayList<>();
        t.byEntitlement.forEach((k, v) -> codes.add(new EntitlementImpact(k, v.name, v.period, v.households,
                v.householdsBefore, v.householdsAfter, v.added, v.stopped, money(v.before), money(v.after),
                money(v.yearlyBefore), money(v.yearlyAfter))));
        List<Band> bands = new ArrayList<>();
        for (String b : ImpactTally.BANDS) {
            bands.add(new Band(b, BAND_LABELS.get(b), t.bands.getOrDefault(b, 0L)));
        }
        return new Measures(t.households, t.processed, t.errors, t.changed,
                new Count(t.newlyCoveredHouseholds, t.newlyCoveredPeople),
                new Count(t.stoppedHouseholds, t.stoppedPeople), Cost.of(t.monthlyBefore, t.monthlyAfter),
                Cost.of(t.yearlyBefore, t.yearlyAfter), counties, codes, bands);
    }

    /** {@code annualCost}: per year, monthly grants × 12 plus yearly and one-off grants, as the batch report. */
    static Impact impact(Reevaluations.Run r) {
        ImpactTally t = r.impact() == null ? new ImpactTally()
                : Json.MAPPER.readValue(r.impact(), ImpactTally.class);
        Measures m = measures(t);
        return new Impact(r.id(), r.state().name(), r.asOf(), r.households(), r.processed(), r.errors(),
                r.changed(), m.newlyCovered(), m.stopped(), m.monthlyCost(), m.annualCost(), m.byCounty(),
                m.byEntitlement(), m.bands());
    }

    public static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
