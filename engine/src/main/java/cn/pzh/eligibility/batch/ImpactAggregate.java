package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.batch.HouseholdImpact.Change;
import cn.pzh.eligibility.batch.HouseholdImpact.PairChange;
import cn.pzh.eligibility.evaluation.Determination.Totals;
import cn.pzh.eligibility.rules.Codes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sums a comparison report is made of, added up household by household in input order. Plain public fields so
 * that the checkpoint can carry it as JSON: a resumed run goes on adding from exactly where the killed one stopped,
 * and its report is the same as an uninterrupted run's. Everything in it is bounded (codes × counties, twelve
 * buckets, twenty largest changes), whatever the caseload.
 */
public final class ImpactAggregate {

    /** Upper bounds (yuan, annualized difference) of the histogram buckets; one more bucket above the last. */
    public static final long[] BUCKETS = {-10000, -5000, -1000, -500, -100, 0, 100, 500, 1000, 5000, 10000};
    public static final int TOP = 20;

    public long households;
    public long changed;
    public long gaining;
    public long losing;
    public long changing;
    public long increased;
    public long decreased;
    public long peopleGaining;
    public long peopleLosing;
    public long peopleChanging;
    public Money before = new Money();
    public Money after = new Money();
    public TreeMap<String, CodeStats> codes = new TreeMap<>();
    public TreeMap<String, CountyStats> counties = new TreeMap<>();
    public long[] histogram = new long[BUCKETS.length + 1];
    public List<Top> top = new ArrayList<>();

    public static final class Money {
        public BigDecimal monthly = BigDecimal.ZERO;
        public BigDecimal annual = BigDecimal.ZERO;
        public BigDecimal oneOff = BigDecimal.ZERO;

        void add(Totals t) {
            monthly = monthly.add(t.monthly());
            annual = annual.add(t.annual());
            oneOff = oneOff.add(t.oneOff());
        }

        public BigDecimal annualized() {
            return monthly.multiply(BigDecimal.valueOf(12)).add(annual).add(oneOff);
        }
    }

    public static final class CodeStats {
        public String period;
        public long gain;
        public long loss;
        public long change;
        public long households;
        public long people;
        public BigDecimal before = BigDecimal.ZERO;
        public BigDecimal after = BigDecimal.ZERO;

        /** A year's cost of the code's grants: MONTHLY ones count twelve times. */
        public BigDecimal annualized(BigDecimal v) {
            return "MONTHLY".equals(period) ? v.multiply(BigDecimal.valueOf(12)) : v;
        }
    }

    public static final class CountyStats {
        public long households;
        public long changed;
        public long gaining;
        public long losing;
        public long changing;
        public long people;
        public BigDecimal monthlyBefore = BigDecimal.ZERO;
        public BigDecimal monthlyAfter = BigDecimal.ZERO;
        public BigDecimal annualizedBefore = BigDecimal.ZERO;
        public BigDecimal annualizedAfter = BigDecimal.ZERO;
    }

    public static final class Top {
        public long line;
        public String householdId;
        public String county;
        public BigDecimal monthly;
        public BigDecimal annualized;
        public String summary;
    }

    void add(HouseholdImpact h, Codes catalogue) {
        households++;
        before.add(h.before());
        after.add(h.after());
        BigDecimal annB = HouseholdImpact.annualized(h.before());
        BigDecimal annA = HouseholdImpact.annualized(h.after());
        CountyStats cs = counties.computeIfAbsent(h.county(), k -> new CountyStats());
        cs.households++;
        cs.monthlyBefore = cs.monthlyBefore.add(h.before().monthly());
        cs.monthlyAfter = cs.monthlyAfter.add(h.after().monthly());
        cs.annualizedBefore = cs.annualizedBefore.add(annB);
        cs.annualizedAfter = cs.annualizedAfter.add(annA);
        for (Map.Entry<String, BigDecimal[]> e : h.byCode().entrySet()) {
            CodeStats c = code(e.getKey(), catalogue);
            c.before = c.before.add(e.getValue()[0]);
            c.after = c.after.add(e.getValue()[1]);
        }
        if (!h.changed()) {
            return;
        }
        changed++;
        cs.changed++;
        int cmp = annA.compareTo(annB);
        if (cmp > 0) {
            increased++;
        } else if (cmp < 0) {
            decreased++;
        }
        // People: a member-level change touches that member, a household-level one (低保兜底, 临时救助) all of them.
        Map<Change, Set<String>> people = new TreeMap<>();
        Map<String, Map<Change, Set<String>>> perCode = new TreeMap<>();
        List<String> everyone = h.memberIds();
        for (PairChange pc : h.changes()) {
            if (pc.change() == Change.SAME) {
                continue;
            }
            Set<String> who = new HashSet<>();
            if (pc.memberId() == null) {
                who.addAll(everyone);
            } else {
                who.add(pc.memberId());
            }
            people.computeIfAbsent(pc.change(), k -> new HashSet<>()).addAll(who);
            perCode.computeIfAbsent(pc.code(), k -> new TreeMap<>()).computeIfAbsent(pc.change(), k -> new HashSet<>())
                    .addAll(who);
            CodeStats c = code(pc.code(), catalogue);
            switch (pc.change()) {
                case GAIN -> c.gain++;
                case LOSS -> c.loss++;
                default -> c.change++;
            }
        }
        for (Map.Entry<String, Map<Change, Set<String>>> e : perCode.entrySet()) {
            CodeStats c = code(e.getKey(), catalogue);
            c.households++;
            Set<String> all = new HashSet<>();
            e.getValue().values().forEach(all::addAll);
            c.people += all.size();
        }
        Set<String> allPeople = new HashSet<>();
        people.values().forEach(allPeople::addAll);
        cs.people += allPeople.size();
        if (people.containsKey(Change.GAIN)) {
            gaining++;
            cs.gaining++;
            peopleGaining += people.get(Change.GAIN).size();
        }
        if (people.containsKey(Change.LOSS)) {
            losing++;
            cs.losing++;
            peopleLosing += people.get(Change.LOSS).size();
        }
        if (people.containsKey(Change.CHANGE)) {
            changing++;
            cs.changing++;
            peopleChanging += people.get(Change.CHANGE).size();
        }
        BigDecimal diff = annA.subtract(annB);
        int bucket = 0;
        while (bucket < BUCKETS.length && diff.compareTo(BigDecimal.valueOf(BUCKETS[bucket])) > 0) {
            bucket++;
        }
        histogram[bucket]++;
        offerTop(h, diff, catalogue);
    }

    private CodeStats code(String code, Codes catalogue) {
        return codes.computeIfAbsent(code, k -> {
            CodeStats c = new CodeStats();
            Codes.Code cc = catalogue.find(k);
            c.period = cc == null || cc.period() == null ? "" : cc.period().name();
            return c;
        });
    }

    /** A changed household's line in the report's largest changes: each changed entitlement, before → after. */
    static String summary(HouseholdImpact h, Codes catalogue) {
        StringBuilder sb = new StringBuilder();
        for (PairChange pc : h.changes()) {
            if (pc.change() == Change.SAME) {
                continue;
            }
            Codes.Code cc = catalogue.find(pc.code());
            sb.append(sb.length() == 0 ? "" : "；").append(cc == null ? pc.code() : cc.name())
                    .append(pc.memberId() == null ? "" : "（" + pc.memberId() + "）").append(' ')
                    .append(pc.before() == null ? "—" : pc.before().toPlainString()).append(" → ")
                    .append(pc.after() == null ? "—" : pc.after().toPlainString());
        }
        return sb.toString();
    }

    private static final Comparator<Top> LARGEST = Comparator
            .comparing((Top t) -> t.annualized.abs(), Comparator.reverseOrder()).thenComparingLong(t -> t.line);

    private void offerTop(HouseholdImpact h, BigDecimal diff, Codes catalogue) {
        if (top.size() >= TOP && diff.abs().compareTo(top.get(top.size() - 1).annualized.abs()) <= 0) {
            return; // input order breaks ties: an equal change later in the file does not displace an earlier one
        }
        Top t = new Top();
        t.line = h.line();
        t.householdId = h.householdId();
        t.county = h.county();
        t.monthly = h.after().monthly().subtract(h.before().monthly());
        t.annualized = diff;
        t.summary = summary(h, catalogue);
        top.add(t);
        top.sort(LARGEST);
        if (top.size() > TOP) {
            top.remove(top.size() - 1);
        }
    }
}
