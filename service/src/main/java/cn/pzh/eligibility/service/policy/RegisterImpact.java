package cn.pzh.eligibility.service.policy;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.evaluation.Determination.Totals;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.reload.Impact;
import cn.pzh.eligibility.store.RegisterDocument;
import cn.pzh.eligibility.store.Store;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The publish gate's impact on the register: the latest facts of every registered household evaluated under the
 * ruleset in service and under the draft on one date, streamed from the store one household at a time (as
 * {@code batch --db} reads it). Cost per year is annualized as the reload's Impact does: monthly × 12 + annual +
 * one-off. Only counts and sums leave this class: no household id, name or number.
 */
final class RegisterImpact {

    static final BigDecimal TWELVE = BigDecimal.valueOf(12);
    static final BigDecimal FIVE_PERCENT = new BigDecimal("0.05");

    record Count(long households, long people) {
    }

    record County(String county, long households, long changed, BigDecimal monthlyBefore, BigDecimal monthlyAfter,
            BigDecimal annualBefore, BigDecimal annualAfter) {
    }

    record EntitlementSum(String code, String name, long households, BigDecimal annualBefore,
            BigDecimal annualAfter) {
    }

    record Band(String band, String label, long households) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "RegisterImpact")
    record View(LocalDate asOf, String servingVersion, String draftVersion, long households, long evaluated,
            long errors, long changed, Count newlyCovered, Count stopped, Impact.Cost monthlyCost,
            Impact.Cost annualCost, List<County> byCounty, List<EntitlementSum> byEntitlement, List<Band> bands,
            String summaryZh) {
    }

    private static final String[][] BANDS = {
            {"DOWN_MORE_5", "减少超过5%"}, {"DOWN_UP_TO_5", "减少5%以内"}, {"UNCHANGED", "不变"},
            {"UP_TO_5", "增加5%以内"}, {"UP_MORE_5", "增加超过5%"}};

    private static final class CountyAcc {
        long households;
        long changed;
        BigDecimal mb = BigDecimal.ZERO;
        BigDecimal ma = BigDecimal.ZERO;
        BigDecimal ab = BigDecimal.ZERO;
        BigDecimal aa = BigDecimal.ZERO;
    }

    private static final class CodeAcc {
        String name;
        long households;
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal after = BigDecimal.ZERO;
    }

    private RegisterImpact() {
    }

    static View compute(Store store, Ruleset serving, Ruleset draft, LocalDate asOf) {
        long[] n = new long[8]; // households, evaluated, errors, changed, coveredH, coveredP, stoppedH, stoppedP
        long[] bands = new long[BANDS.length];
        BigDecimal[] money = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        Map<String, CountyAcc> counties = new TreeMap<>();
        Map<String, CodeAcc> codes = new TreeMap<>();
        store.register().forEachLatest(v -> {
            n[0]++;
            Household h;
            Determination before;
            Determination after;
            try {
                h = HouseholdReader.read(RegisterDocument.facts(v.document()));
                before = serving.evaluate(h, asOf);
                after = draft.evaluate(h, asOf);
            } catch (RuntimeException e) {
                n[2]++; // facts the engine refuses count as errors here, as a batch's error lines do
                return;
            }
            n[1]++;
            boolean changed = !key(before).equals(key(after));
            BigDecimal yb = annualized(before.totals());
            BigDecimal ya = annualized(after.totals());
            money[0] = money[0].add(before.totals().monthly());
            money[1] = money[1].add(after.totals().monthly());
            money[2] = money[2].add(yb);
            money[3] = money[3].add(ya);
            CountyAcc c = counties.computeIfAbsent(h.county() == null ? "（未填县区）" : h.county(), k -> new CountyAcc());
            c.households++;
            c.mb = c.mb.add(before.totals().monthly());
            c.ma = c.ma.add(after.totals().monthly());
            c.ab = c.ab.add(yb);
            c.aa = c.aa.add(ya);
            if (changed) {
                n[3]++;
                c.changed++;
            }
            int people = h.members().size();
            if (yb.signum() == 0 && ya.signum() > 0) {
                n[4]++;
                n[5] += people;
            } else if (yb.signum() > 0 && ya.signum() == 0) {
                n[6]++;
                n[7] += people;
            }
            bands[band(yb, ya)]++;
            Map<String, BigDecimal[]> byCode = new LinkedHashMap<>();
            add(byCode, codes, before, 0);
            add(byCode, codes, after, 1);
            byCode.forEach((code, sums) -> {
                CodeAcc a = codes.get(code);
                a.households++;
                a.before = a.before.add(sums[0]);
                a.after = a.after.add(sums[1]);
            });
        });
        Impact.Cost monthly = cost(money[0], money[1]);
        Impact.Cost annual = cost(money[2], money[3]);
        List<County> byCounty = new ArrayList<>();
        counties.forEach((k, c) -> byCounty.add(new County(k, c.households, c.changed, c.mb, c.ma, c.ab, c.aa)));
        List<EntitlementSum> byEntitlement = new ArrayList<>();
        codes.forEach((k, a) -> byEntitlement.add(new EntitlementSum(k, a.name, a.households, a.before, a.after)));
        List<Band> bandList = new ArrayList<>();
        for (int i = 0; i < BANDS.length; i++) {
            bandList.add(new Band(BANDS[i][0], BANDS[i][1], bands[i]));
        }
        String zh = "登记簿 " + n[0] + " 户（核定日期 " + asOf + "，无法核定 " + n[2] + " 户），待遇有变化 " + n[3]
                + " 户；每月金额 " + monthly.before().toPlainString() + " → " + monthly.after().toPlainString()
                + " 元（" + signed(monthly.difference()) + "），折合全年 " + annual.before().toPlainString() + " → "
                + annual.after().toPlainString() + " 元（" + signed(annual.difference()) + "）";
        return new View(asOf, serving.version(), draft.version(), n[0], n[1], n[2], n[3], new Count(n[4], n[5]),
                new Count(n[6], n[7]), monthly, annual, byCounty, byEntitlement, bandList, zh);
    }

    private static void add(Map<String, BigDecimal[]> byCode, Map<String, CodeAcc> codes, Determination d, int side) {
        for (Entitlement e : d.entitlements()) {
            BigDecimal[] sums = byCode.computeIfAbsent(e.code(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[side] = sums[side].add(annualized(e));
            codes.computeIfAbsent(e.code(), k -> new CodeAcc()).name = e.name();
        }
    }

    private static BigDecimal annualized(Entitlement e) {
        return switch (e.period()) {
            case MONTHLY -> e.amount().multiply(TWELVE);
            default -> e.amount();
        };
    }

    static BigDecimal annualized(Totals t) {
        return t.monthly().multiply(TWELVE).add(t.annual()).add(t.oneOff());
    }

    /** The band of one household's change of its yearly total; from nothing to something is more than 5% up. */
    static int band(BigDecimal before, BigDecimal after) {
        int cmp = after.compareTo(before);
        if (cmp == 0) {
            return 2;
        }
        if (before.signum() == 0) {
            return cmp > 0 ? 4 : 0;
        }
        BigDecimal ratio = after.subtract(before).abs().divide(before, 6, RoundingMode.HALF_UP);
        boolean more = ratio.compareTo(FIVE_PERCENT) > 0;
        return cmp > 0 ? (more ? 4 : 3) : (more ? 0 : 1);
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

    private static Impact.Cost cost(BigDecimal before, BigDecimal after) {
        return new Impact.Cost(before, after, after.subtract(before));
    }

    private static String signed(BigDecimal d) {
        return (d.signum() > 0 ? "+" : "") + d.toPlainString();
    }
}
