package cn.pzh.eligibility.service.policy;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.reeval.ReevaluationViews;
import cn.pzh.eligibility.service.reeval.ReevaluationViews.Band;
import cn.pzh.eligibility.service.reeval.ReevaluationViews.Cost;
import cn.pzh.eligibility.service.reeval.ReevaluationViews.Count;
import cn.pzh.eligibility.service.reeval.ReevaluationViews.CountyImpact;
import cn.pzh.eligibility.service.reeval.ReevaluationViews.EntitlementImpact;
import cn.pzh.eligibility.store.ImpactTally;
import cn.pzh.eligibility.store.RegisterDocument;
import cn.pzh.eligibility.store.Store;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The publish gate's impact on the register: the latest facts of every registered household evaluated under the
 * ruleset in service and under the draft on one date, streamed from the store one household at a time (as
 * {@code batch --db} reads it), counted with the re-evaluation run's own {@link ImpactTally}: the dry run and the
 * run that follows the publication show the same measures. Only counts and sums leave this class.
 */
final class RegisterImpact {

    @io.swagger.v3.oas.annotations.media.Schema(name = "RegisterImpact")
    record View(LocalDate asOf, String servingVersion, String draftVersion, long households, long evaluated,
            long errors, long changed, Count newlyCovered, Count stopped, Cost monthlyCost, Cost annualCost,
            List<CountyImpact> byCounty, List<EntitlementImpact> byEntitlement, List<Band> bands,
            String summaryZh) {
    }

    private RegisterImpact() {
    }

    static View compute(Store store, Ruleset serving, Ruleset draft, LocalDate asOf) {
        ImpactTally t = new ImpactTally();
        store.register().forEachLatest(v -> {
            t.households++;
            Household h;
            Determination before;
            Determination after;
            try {
                h = HouseholdReader.read(RegisterDocument.facts(v.document()));
                before = serving.evaluate(h, asOf);
                after = draft.evaluate(h, asOf);
            } catch (RuntimeException e) {
                t.errors++; // facts the engine refuses count as errors here, as a batch's error lines do
                return;
            }
            t.processed++;
            t.add(h.county(), h.members().size(), before, after, !key(before).equals(key(after)));
        });
        ReevaluationViews.Measures m = ReevaluationViews.measures(t);
        String zh = "登记簿 " + t.households + " 户（核定日期 " + asOf + "，无法核定 " + t.errors + " 户），待遇有变化 "
                + t.changed + " 户；每月金额 " + yuan(m.monthlyCost().before()) + " → " + yuan(m.monthlyCost().after())
                + " 元（" + signed(m.monthlyCost().difference()) + "），折合全年 " + yuan(m.annualCost().before())
                + " → " + yuan(m.annualCost().after()) + " 元（" + signed(m.annualCost().difference()) + "）";
        return new View(asOf, serving.version(), draft.version(), t.households, t.processed, t.errors, t.changed,
                m.newlyCovered(), m.stopped(), m.monthlyCost(), m.annualCost(), m.byCounty(), m.byEntitlement(),
                m.bands(), zh);
    }

    /** What a household gets, as comparable text: which code, to whom, how much and how often. */
    private static List<String> key(Determination d) {
        List<String> k = new ArrayList<>();
        for (Entitlement e : d.entitlements()) {
            k.add(e.code() + "|" + e.memberId() + "|" + e.costItem() + "|" + e.period() + "|"
                    + e.amount().stripTrailingZeros().toPlainString());
        }
        k.sort(null);
        return k;
    }

    private static String yuan(BigDecimal d) {
        return new DecimalFormat("#,##0.00").format(d);
    }

    private static String signed(BigDecimal d) {
        return (d.signum() > 0 ? "+" : d.signum() < 0 ? "−" : "") + yuan(d.abs());
    }
}
