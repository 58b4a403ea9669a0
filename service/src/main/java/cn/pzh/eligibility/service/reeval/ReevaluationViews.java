package cn.pzh.eligibility.service.reeval;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.store.ReevaluationRunner.Tally;
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

    public record ChangeView(String code, String name, String memberId, String period, String kind, String kindLabel,
            BigDecimal before, BigDecimal after, List<String> attribution) {
    }

    public record ItemView(String householdId, String headName, String county, String township, String village,
            String kind, String kindLabel, String status, String confirmedBy, Instant confirmedAt, Long recordId,
            Long baselineRecordId, LocalDate baselineAsOf, Amounts before, Amounts after, List<ChangeView> changes) {
        static ItemView of(Reevaluations.Item i, String headName) {
            return new ItemView(i.householdId(), headName, i.county(), i.township(), i.village(), i.kind(),
                    ReevaluationViews.kindLabel(i.kind()), i.status(), i.confirmedBy(), i.confirmedAt(), i.recordId(),
                    i.baselineRecordId(), i.baselineAsOf(), new Amounts(i.beforeMonthly(), i.beforeAnnual()),
                    new Amounts(i.afterMonthly(), i.afterAnnual()), ReevaluationViews.changes(i));
        }
    }

    static List<ChangeView> changes(Reevaluations.Item i) {
        List<ChangeView> out = new ArrayList<>();
        for (JsonNode c : Json.MAPPER.readTree(i.changes())) {
            List<String> why = new ArrayList<>();
            c.get("attribution").forEach(a -> why.add(a.asString()));
            out.add(new ChangeView(text(c, "code"), text(c, "name"), text(c, "memberId"), text(c, "period"),
                    text(c, "kind"), kindLabel(text(c, "kind")), amount(c, "before"), amount(c, "after"),
                    List.copyOf(why)));
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

    public record ErrorList(long total, List<Reevaluations.RunError> errors) {
    }

    public record Count(long households, long people) {
    }

    public record Cost(BigDecimal before, BigDecimal after, BigDecimal difference) {
        static Cost of(BigDecimal b, BigDecimal a) {
            return new Cost(money(b), money(a), money(a.subtract(b)));
        }
    }

    public record CountyImpact(String county, long households, long changed, BigDecimal monthlyBefore,
            BigDecimal monthlyAfter) {
    }

    /** {@code monthlyBefore/After}: the sums of the monthly grants; for a yearly or one-off grant, null (see amounts). */
    public record EntitlementImpact(String code, String name, String period, long households, BigDecimal monthlyBefore,
            BigDecimal monthlyAfter, BigDecimal amountBefore, BigDecimal amountAfter) {
    }

    public record Band(String band, String label, long households) {
    }

    // Named apart from the publish gate's Impact (reload), which springdoc would otherwise describe in its place.
    @io.swagger.v3.oas.annotations.media.Schema(name = "ReevaluationImpact")
    public record Impact(long runId, String state, long households, long processed, long errors, long changed,
            Count newlyCovered, Count stopped, Cost monthlyCost, Cost annualCost, List<CountyImpact> byCounty,
            List<EntitlementImpact> byEntitlement, List<Band> bands) {
    }

    static final Map<String, String> BAND_LABELS = Map.of("DOWN_MORE_5", "减少 5% 以上", "DOWN_UP_TO_5", "减少不超过 5%",
            "UNCHANGED", "不变", "UP_TO_5", "增加不超过 5%", "UP_MORE_5", "增加 5% 以上");

    /** {@code annualCost}: per year, monthly grants × 12 plus yearly and one-off grants, as the batch report. */
    static Impact impact(Reevaluations.Run r) {
        Tally t = r.impact() == null ? new Tally() : Json.MAPPER.readValue(r.impact(), Tally.class);
        List<CountyImpact> counties = new ArrayList<>();
        t.byCounty.forEach((k, v) -> counties.add(new CountyImpact(k, v.households, v.changed, money(v.monthlyBefore),
                money(v.monthlyAfter))));
        List<EntitlementImpact> codes = new ArrayList<>();
        t.byEntitlement.forEach((k, v) -> {
            boolean monthly = "MONTHLY".equals(v.period);
            codes.add(new EntitlementImpact(k, v.name, v.period, v.households, monthly ? money(v.before) : null,
                    monthly ? money(v.after) : null, money(v.before), money(v.after)));
        });
        List<Band> bands = new ArrayList<>();
        for (String b : Tally.BANDS) {
            bands.add(new Band(b, BAND_LABELS.get(b), t.bands.getOrDefault(b, 0L)));
        }
        return new Impact(r.id(), r.state().name(), r.households(), r.processed(), r.errors(), r.changed(),
                new Count(t.newlyCoveredHouseholds, t.newlyCoveredPeople), new Count(t.stoppedHouseholds,
                        t.stoppedPeople), Cost.of(t.monthlyBefore, t.monthlyAfter),
                Cost.of(t.yearlyBefore, t.yearlyAfter), counties, codes, bands);
    }

    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
