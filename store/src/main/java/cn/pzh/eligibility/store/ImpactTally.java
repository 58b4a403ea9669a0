package cn.pzh.eligibility.store;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The impact measures of a change on the register, one household at a time: households and people newly covered or
 * stopped, cost per month and per year before and after, by county and by entitlement, and the distribution of the
 * households' changes in five bands. The dry run of a proposal and a re-evaluation run count with this one class, so
 * the policy page shows the same measures for both. Plain fields: a run stores it as JSON in its row and resumes
 * with it. Counts and sums only: no household id, name or number.
 */
public final class ImpactTally {

    /** The bands of a household's change of its yearly total, in display order. */
    public static final List<String> BANDS = List.of("DOWN_MORE_5", "DOWN_UP_TO_5", "UNCHANGED", "UP_TO_5",
            "UP_MORE_5");

    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);
    private static final BigDecimal TWENTY = BigDecimal.valueOf(20);

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
    /** Per year: monthly × 12 + yearly + one-off, as the batch report counts. */
    public BigDecimal yearlyBefore = BigDecimal.ZERO;
    public BigDecimal yearlyAfter = BigDecimal.ZERO;
    public TreeMap<String, Place> byCounty = new TreeMap<>();
    public TreeMap<String, Code> byEntitlement = new TreeMap<>();
    public LinkedHashMap<String, Long> bands = new LinkedHashMap<>();

    /** One county. */
    public static final class Place {
        public long households;
        public long changed;
        public long newlyCovered;
        public long stopped;
        public BigDecimal monthlyBefore = BigDecimal.ZERO;
        public BigDecimal monthlyAfter = BigDecimal.ZERO;
        public BigDecimal yearlyBefore = BigDecimal.ZERO;
        public BigDecimal yearlyAfter = BigDecimal.ZERO;
    }

    /** One entitlement code: {@code before}/{@code after} in its own period (a month's sum for a monthly grant). */
    public static final class Code {
        public String name;
        public String period;
        /** Households that have it before or after. */
        public long households;
        public long householdsBefore;
        public long householdsAfter;
        /** Households that gain it / lose it altogether. */
        public long added;
        public long stopped;
        public BigDecimal before = BigDecimal.ZERO;
        public BigDecimal after = BigDecimal.ZERO;
        public BigDecimal yearlyBefore = BigDecimal.ZERO;
        public BigDecimal yearlyAfter = BigDecimal.ZERO;
    }

    public ImpactTally() {
        for (String b : BANDS) {
            bands.put(b, 0L);
        }
    }

    /**
     * Counts one household evaluated before (null: nothing recorded) and after. {@code changedHousehold}: its
     * entitlements differ (the caller's comparison, the one its worklist shows).
     */
    public void add(String county, int people, Determination before, Determination after, boolean changedHousehold) {
        List<Entitlement> eb = before == null ? List.of() : before.entitlements();
        List<Entitlement> ea = after.entitlements();
        BigDecimal mb = before == null ? BigDecimal.ZERO : before.totals().monthly();
        BigDecimal ma = after.totals().monthly();
        BigDecimal yb = yearly(before);
        BigDecimal ya = yearly(after);
        boolean covered = eb.isEmpty() && !ea.isEmpty();
        boolean lost = !eb.isEmpty() && ea.isEmpty();
        if (changedHousehold) {
            changed++;
        }
        if (covered) {
            newlyCoveredHouseholds++;
            newlyCoveredPeople += people;
        } else if (lost) {
            stoppedHouseholds++;
            stoppedPeople += people;
        }
        monthlyBefore = monthlyBefore.add(mb);
        monthlyAfter = monthlyAfter.add(ma);
        yearlyBefore = yearlyBefore.add(yb);
        yearlyAfter = yearlyAfter.add(ya);
        Place p = byCounty.computeIfAbsent(county == null || county.isBlank() ? "（未填县区）" : county,
                k -> new Place());
        p.households++;
        p.changed += changedHousehold ? 1 : 0;
        p.newlyCovered += covered ? 1 : 0;
        p.stopped += lost ? 1 : 0;
        p.monthlyBefore = p.monthlyBefore.add(mb);
        p.monthlyAfter = p.monthlyAfter.add(ma);
        p.yearlyBefore = p.yearlyBefore.add(yb);
        p.yearlyAfter = p.yearlyAfter.add(ya);
        Map<String, BigDecimal[]> sums = new HashMap<>();
        sum(eb, sums, 0);
        sum(ea, sums, 2);
        sums.forEach((code, s) -> {
            Code c = byEntitlement.get(code);
            boolean had = s[0] != null;
            boolean has = s[2] != null;
            c.households++;
            c.householdsBefore += had ? 1 : 0;
            c.householdsAfter += has ? 1 : 0;
            c.added += !had ? 1 : 0;
            c.stopped += !has ? 1 : 0;
            c.before = c.before.add(had ? s[0] : BigDecimal.ZERO);
            c.yearlyBefore = c.yearlyBefore.add(had ? s[1] : BigDecimal.ZERO);
            c.after = c.after.add(has ? s[2] : BigDecimal.ZERO);
            c.yearlyAfter = c.yearlyAfter.add(has ? s[3] : BigDecimal.ZERO);
        });
        bands.merge(band(yb, ya), 1L, Long::sum);
    }

    /** Per code: [amount before, yearly before, amount after, yearly after]; null where the side has none. */
    private void sum(List<Entitlement> es, Map<String, BigDecimal[]> sums, int side) {
        for (Entitlement e : es) {
            Code c = byEntitlement.computeIfAbsent(e.code(), k -> new Code());
            c.name = e.name();
            c.period = e.period() == null ? null : e.period().name();
            BigDecimal[] s = sums.computeIfAbsent(e.code(), k -> new BigDecimal[4]);
            BigDecimal yearly = e.period() == cn.pzh.eligibility.rules.Codes.Period.MONTHLY
                    ? e.amount().multiply(TWELVE) : e.amount();
            s[side] = (s[side] == null ? BigDecimal.ZERO : s[side]).add(e.amount());
            s[side + 1] = (s[side + 1] == null ? BigDecimal.ZERO : s[side + 1]).add(yearly);
        }
    }

    /** A determination's total per year (none: zero). */
    public static BigDecimal yearly(Determination d) {
        if (d == null) {
            return BigDecimal.ZERO;
        }
        Determination.Totals t = d.totals();
        return t.monthly().multiply(TWELVE).add(t.annual()).add(t.oneOff());
    }

    /**
     * The band of a household's change of its yearly total relative to before: more than 5% down, up to 5% down,
     * unchanged, up to 5% up, more than 5% up. From nothing to something is more than 5% up.
     */
    public static String band(BigDecimal before, BigDecimal after) {
        int cmp = after.compareTo(before);
        if (cmp == 0) {
            return "UNCHANGED";
        }
        // |after − before| > 5% of before  ⇔  20 × |after − before| > before: no division, no rounding.
        boolean large = before.signum() == 0
                || after.subtract(before).abs().multiply(TWENTY).compareTo(before.abs()) > 0;
        return cmp < 0 ? (large ? "DOWN_MORE_5" : "DOWN_UP_TO_5") : (large ? "UP_MORE_5" : "UP_TO_5");
    }
}
