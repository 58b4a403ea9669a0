package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.evaluation.Determination.Totals;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.rules.Codes.Period;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one household fares under the baseline and the new rules: the few numbers the report adds up, and, when its
 * entitlements changed, the diff line that explains the change. Made on a worker thread, folded in on the writer's.
 */
record HouseholdImpact(long line, String householdId, String county, List<String> memberIds, Totals before, Totals after,
        Map<String, BigDecimal[]> byCode, List<PairChange> changes, String diffLine) {

    enum Change { GAIN, LOSS, CHANGE, SAME }

    /** One entitlement of one member (or the household, memberId null), one cost item for medical codes. */
    record PairChange(String code, String memberId, Change change, BigDecimal before, BigDecimal after,
            Period period) {
    }

    boolean changed() {
        return diffLine != null;
    }

    /** monthly × 12 + annual + one-off: the convention the report states. */
    static BigDecimal annualized(Totals t) {
        return t.monthly().multiply(BigDecimal.valueOf(12)).add(t.annual()).add(t.oneOff());
    }

    private record Key(String code, String memberId, Integer costItem) {
    }

    /**
     * @param traced evaluates both sides again with rule tracing; called only when something changed, since tracing
     *               is slower and most households of a typical change do not move
     */
    static HouseholdImpact of(long line, Household h, Determination before, Determination after,
            Supplier<List<Evaluator.Traced>> traced, RulesetDiff rulesetDiff) {
        Map<Key, Entitlement> b = index(before);
        Map<Key, Entitlement> a = index(after);
        Map<String, BigDecimal[]> byCode = new HashMap<>();
        for (Entitlement e : before.entitlements()) {
            byCode.computeIfAbsent(e.code(), k -> zero2())[0] = byCode.get(e.code())[0].add(e.amount());
        }
        for (Entitlement e : after.entitlements()) {
            byCode.computeIfAbsent(e.code(), k -> zero2())[1] = byCode.get(e.code())[1].add(e.amount());
        }
        Set<Key> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        List<PairChange> changes = new ArrayList<>();
        boolean any = false;
        for (Key k : keys) {
            Entitlement eb = b.get(k);
            Entitlement ea = a.get(k);
            Change c = eb == null ? Change.GAIN : ea == null ? Change.LOSS
                    : eb.amount().compareTo(ea.amount()) != 0 ? Change.CHANGE : Change.SAME;
            any |= c != Change.SAME;
            changes.add(new PairChange(k.code(), k.memberId(), c, eb == null ? null : eb.amount(),
                    ea == null ? null : ea.amount(), (ea != null ? ea : eb).period()));
        }
        String diff = any ? diffLine(line, h, before, after, b, a, keys, changes, traced.get(), rulesetDiff) : null;
        return new HouseholdImpact(line, h.householdId(), h.county(),
                h.members().stream().map(cn.pzh.eligibility.model.Member::memberId).toList(), before.totals(),
                after.totals(), byCode, any ? changes : List.of(), diff);
    }

    private static BigDecimal[] zero2() {
        return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO};
    }

    private static Map<Key, Entitlement> index(Determination d) {
        Map<Key, Entitlement> m = new LinkedHashMap<>();
        for (Entitlement e : d.entitlements()) {
            m.put(new Key(e.code(), e.memberId(), e.costItem()), e);
        }
        return m;
    }

    private static String diffLine(long line, Household h, Determination before, Determination after,
            Map<Key, Entitlement> b, Map<Key, Entitlement> a, Set<Key> keys, List<PairChange> changes,
            List<Evaluator.Traced> traced, RulesetDiff rd) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("line", line);
        o.put("householdId", h.householdId());
        o.put("county", h.county());
        o.put("members", h.members().size());
        o.putObject("asOf").put("before", before.asOf()).put("after", after.asOf());
        o.putObject("ruleset").put("before", before.ruleset().version()).put("after", after.ruleset().version());
        ArrayNode ents = o.putArray("entitlements");
        Set<String> granting = new TreeSet<>();
        StringBuilder explanations = new StringBuilder();
        int i = 0;
        for (Key k : keys) {
            PairChange pc = changes.get(i++);
            Entitlement eb = b.get(k);
            Entitlement ea = a.get(k);
            Entitlement any = ea != null ? ea : eb;
            ObjectNode e = ents.addObject();
            e.put("code", k.code());
            e.put("name", any.name());
            e.put("memberId", k.memberId());
            if (k.costItem() != null) {
                e.put("costItem", k.costItem());
            }
            e.put("period", any.period().name());
            e.put("change", pc.change().name());
            e.put("before", eb == null ? null : eb.amount());
            e.put("after", ea == null ? null : ea.amount());
            e.put("difference", (ea == null ? BigDecimal.ZERO : ea.amount())
                    .subtract(eb == null ? BigDecimal.ZERO : eb.amount()));
            if (pc.change() != Change.SAME) {
                if (eb != null) {
                    e.put("ruleBefore", eb.rule());
                    granting.add(eb.rule());
                    explanations.append(eb.explanation());
                }
                if (ea != null) {
                    e.put("ruleAfter", ea.rule());
                    granting.add(ea.rule());
                    explanations.append(ea.explanation());
                }
            }
        }
        // A lost or gained grant is explained on the other side by a refusal: its reasons cite parameters too.
        for (Determination d : List.of(before, after)) {
            for (Determination.NotGranted ng : d.notGranted()) {
                for (PairChange pc : changes) {
                    if (pc.change() != Change.SAME && pc.code().equals(ng.code())
                            && Objects.equals(pc.memberId(), ng.memberId())) {
                        ng.reasons().forEach(explanations::append);
                    }
                }
            }
        }
        ObjectNode totals = o.putObject("totals");
        totals.set("before", totalsNode(before.totals()));
        totals.set("after", totalsNode(after.totals()));
        totals.set("difference", totalsNode(new Totals(after.totals().monthly().subtract(before.totals().monthly()),
                after.totals().annual().subtract(before.totals().annual()),
                after.totals().oneOff().subtract(before.totals().oneOff()))));
        o.put("annualizedDifference", annualized(after.totals()).subtract(annualized(before.totals())));
        ObjectNode rules = o.putObject("rules");
        granting.forEach(rules.putArray("granting")::add);
        Set<String> firedBefore = new TreeSet<>(traced.get(0).firedRules());
        Set<String> firedAfter = new TreeSet<>(traced.get(1).firedRules());
        ArrayNode onlyBefore = rules.putArray("firedOnlyBefore");
        firedBefore.stream().filter(r -> !firedAfter.contains(r)).forEach(onlyBefore::add);
        ArrayNode onlyAfter = rules.putArray("firedOnlyAfter");
        firedAfter.stream().filter(r -> !firedBefore.contains(r)).forEach(onlyAfter::add);
        ArrayNode changedText = rules.putArray("changedText");
        Set<String> fired = new TreeSet<>(firedBefore);
        fired.addAll(firedAfter);
        fired.stream().filter(rd::ruleChanged).forEach(changedText::add);
        ArrayNode params = o.putArray("parameters");
        String text = explanations.toString();
        for (RulesetDiff.ParameterChange p : rd.effectiveParameters()) {
            if (p.description() != null && text.contains(p.description())) {
                params.addObject().put("name", p.name()).put("description", p.description())
                        .put("before", p.before()).put("after", p.after());
            }
        }
        return Json.MAPPER.writeValueAsString(o);
    }

    private static ObjectNode totalsNode(Totals t) {
        return Json.MAPPER.createObjectNode().put("monthly", t.monthly()).put("annual", t.annual())
                .put("oneOff", t.oneOff());
    }
}
