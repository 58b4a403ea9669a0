package cn.pzh.eligibility.generate;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deterministic synthetic caseload. Household {@code i} depends only on the seed and {@code i} (each has its own
 * random stream), so any household can be regenerated alone and a caseload can be produced in parallel.
 *
 * <p>The first {@link #SCENARIOS} households are one of each named scenario, in order: every entitlement, every
 * advisory and the boundaries POLICY.md cares about (birthdays on the assessment date, income exactly at the
 * standard and one yuan under it, grade 2 against grade 3, a hardship exactly one year old, a medical item at exactly
 * 10% personal share). After them, households are drawn at random: most are ordinary families that get little or
 * nothing, as in a real register, with the scenarios mixed in at a low rate.
 */
public final class HouseholdGenerator {

    /** How many named scenarios there are; households 0 … SCENARIOS-1 are one of each. */
    public static final int SCENARIOS = 30;

    private static final List<String> COUNTY_CODES = List.of("510402", "510403", "510411", "510421", "510422");

    private final long seed;
    private final LocalDate asOf;
    private final BigDecimal urbanStandard;
    private final BigDecimal ruralStandard;
    private final double badFraction;

    /**
     * @param asOf          the assessment date the boundaries are built around (birthdays on it, items before it)
     * @param urbanStandard the urban dibao standard at {@code asOf}, for incomes exactly at or just under it
     * @param ruralStandard the rural one
     * @param badFraction   the fraction of lines made invalid on purpose (0 for a clean caseload); exactly
     *                      floor(n × fraction) of the first n lines are bad, spread evenly
     */
    public HouseholdGenerator(long seed, LocalDate asOf, BigDecimal urbanStandard, BigDecimal ruralStandard,
            double badFraction) {
        if (badFraction < 0 || badFraction > 1) {
            throw new IllegalArgumentException("bad fraction must be between 0 and 1");
        }
        this.seed = seed;
        this.asOf = asOf;
        this.urbanStandard = urbanStandard;
        this.ruralStandard = ruralStandard;
        this.badFraction = badFraction;
    }

    /** Whether line {@code i} (0-based) is one of the injected bad lines. */
    public boolean isBad(long i) {
        return badFraction > 0 && (long) Math.floor((i + 1) * badFraction) > (long) Math.floor(i * badFraction);
    }

    /** The JSON Lines text of household {@code i} (no newline): valid unless {@link #isBad(long)}. */
    public String line(long i) {
        ObjectNode h = household(i);
        if (isBad(i)) {
            return corrupt(h, rng(i, 1));
        }
        return Json.MAPPER.writeValueAsString(h);
    }

    /** Household {@code i} as a JSON tree (always valid). */
    public ObjectNode household(long i) {
        SplittableRandom r = rng(i, 0);
        int scenario = i < SCENARIOS ? (int) i : r.nextInt(100) < 15 ? r.nextInt(SCENARIOS) : -1;
        B b = new B(i, r);
        if (scenario < 0) {
            ordinary(b, r);
        } else {
            scenario(scenario, b, r);
        }
        recordLaborCapacity(b.h);
        return b.h;
    }

    /**
     * Every member gets a labour capacity, as offices record it: the file is assessed at other dates than the one it
     * was generated around (later re-determinations, earlier baselines), when a child has turned working age or a
     * pensioner was still of working age, and the reader refuses a member of working age without one. A child's is
     * the capacity expected at working age (FULL); an older member without one is recorded NONE. The rules read it
     * only within working age, so at the generator's own date nothing changes.
     */
    private static void recordLaborCapacity(ObjectNode h) {
        for (var m : h.path("members")) {
            if (!m.has("laborCapacity")) {
                String relation = m.path("relation").asString();
                ((ObjectNode) m).put("laborCapacity",
                        relation.equals("CHILD") || relation.equals("GRANDCHILD") ? "FULL" : "NONE");
            }
        }
    }

    private SplittableRandom rng(long i, int stream) {
        // SplittableRandom mixes its seed well, so seed and index combined linearly give independent streams.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + stream);
    }

    // ------------------------------------------------------------------ scenarios

    private void scenario(int s, B b, SplittableRandom r) {
        LocalDate d = asOf;
        switch (s) {
            case 0 -> { // rural registered elderly couple, low income: fallback + elderly supplement
                b.rural().status("REGISTERED").income("AGRICULTURE", 2400 + r.nextInt(20) * 100);
                b.member(age(72, r), "HEAD").pensioner();
                b.member(age(68, r), "SPOUSE").pensioner();
            }
            case 1 -> { // urban registered: seriously ill parent and a boarding pupil
                b.urban().status("REGISTERED").income("WAGE", 3000);
                b.member(age(45, r), "HEAD").labor("PARTIAL").flag("seriousIllness").flag("residentPensionEnrolled");
                b.member(age(11, r), "CHILD").student("PRIMARY", true);
            }
            case 2 -> { // registered, employable and nobody employed: employment support, pension contribution + enrol
                b.rural().status("REGISTERED").income("AGRICULTURE", 9000);
                b.member(age(35, r), "HEAD").labor("FULL");
                b.member(age(33, r), "SPOUSE").labor("PARTIAL").flag("residentPensionEnrolled");
            }
            case 3 -> { // dibao, second-generation grade 2 needing care: living subsidy, nursing, severe supplement
                b.rural().status("NONE").dibao().income("AGRICULTURE", 3000).income("DISABILITY_SUBSIDY", 960);
                b.member(age(50, r), "HEAD").labor("NONE").disability("SECOND_GEN", 2, "PHYSICAL", true);
            }
            case 4 -> { // first-generation certificate: replace it
                b.urban().status("NONE").income("WAGE", 60000);
                b.member(age(40, r), "HEAD").labor("FULL").flag("employed").disability("FIRST_GEN", 2, "VISUAL", true);
            }
            case 5 -> { // grade 3 intellectual needing care: not nursing under default parameters (grade 2 vs 3)
                b.urban().status("NONE").dibao().income("PENSION", 6000);
                b.member(age(30, r), "CHILD").labor("NONE").disability("SECOND_GEN", 3, "INTELLECTUAL", true);
                b.member(age(62, r), "HEAD").pensioner();
            }
            case 6 -> { // grade 1 needing care, not dibao: nursing subsidy only (not income-tested)
                b.urban().status("NONE").income("WAGE", 80000);
                b.member(age(52, r), "HEAD").labor("FULL").flag("employed");
                b.member(age(80, r), "PARENT").pensioner().disability("SECOND_GEN", 1, "MULTIPLE", true);
            }
            case 7 -> { // returned to poverty: temporary assistance on that ground
                b.rural().status("RETURNED").returned(d.minusMonths(2)).income("AGRICULTURE", 7000);
                b.member(age(44, r), "HEAD").labor("FULL").flag("employed").flag("residentPensionEnrolled");
                b.member(age(9, r), "CHILD").student("PRIMARY", false);
            }
            case 8 -> { // hardship above the cap: temporary assistance at the cap and case-by-case
                b.urban().status("NONE").income("WAGE", 20000).hardship("ILLNESS", d.minusMonths(2), 90000);
                b.member(age(38, r), "HEAD").labor("FULL").flag("employed");
                b.member(age(36, r), "SPOUSE").labor("PARTIAL");
            }
            case 9 -> { // hardships exactly one year before (does not count) and one day inside (counts)
                boolean inside = r.nextBoolean();
                b.rural().status("NONE").income("AGRICULTURE", 8000)
                        .hardship("FIRE", inside ? d.minusYears(1).plusDays(1) : d.minusYears(1), 6000);
                b.member(age(55, r), "HEAD").labor("PARTIAL");
            }
            case 10 -> { // registered poor with medical items: top-up, chronic, outpatient, last year's item
                b.rural().status("REGISTERED").income("AGRICULTURE", 12000);
                b.member(age(58, r), "HEAD").labor("PARTIAL").flag("chronicIllness").flag("residentPensionEnrolled")
                        .medical(d.withDayOfYear(1).plusDays(20), "INPATIENT", true, 20000, 12000, 0, 0)
                        .medical(d.minusDays(10), "CHRONIC_OUTPATIENT", true, 3000, 1500, 0, 0)
                        .medical(d.minusDays(5), "OUTPATIENT", false, 800, 200, 0, 0)
                        .medical(d.minusYears(1).withDayOfYear(200), "INPATIENT", true, 5000, 3000, 0, 0);
                b.member(age(57, r), "SPOUSE").labor("FULL").flag("employed").flag("residentPensionEnrolled");
            }
            case 11 -> { // dibao member whose large bills use up the annual cap
                b.urban().status("NONE").dibao().income("PENSION", 3000);
                b.member(age(66, r), "HEAD").pensioner().flag("seriousIllness")
                        .medical(d.withDayOfYear(1).plusDays(30), "INPATIENT", true, 30000, 15000, 5000, 0)
                        .medical(d.withDayOfYear(1).plusDays(90), "INPATIENT", false, 12000, 6000, 0, 1000);
            }
            case 12 -> { // personal share exactly 10% after assistance: no top-up
                b.rural().status("REGISTERED").income("AGRICULTURE", 10000);
                // selfPay 3333.33 → assistance 2333.33, left 1000.00 = 10% of 10000.00
                b.member(age(61, r), "HEAD").pensioner()
                        .medical(d.minusDays(30), "INPATIENT", true, 10000, 6666.67, 0, 0);
                b.member(age(59, r), "SPOUSE").labor("PARTIAL").flag("residentPensionEnrolled");
            }
            case 13 -> { // students of every stage in a registered household
                b.rural().status("REGISTERED").income("AGRICULTURE", 15000).income("STUDENT_AID", 2000);
                b.member(age(42, r), "HEAD").labor("FULL").flag("employed").flag("residentPensionEnrolled");
                b.member(age(4, r), "CHILD").student("PRESCHOOL", false);
                b.member(age(13, r), "CHILD").student("JUNIOR_SECONDARY", r.nextBoolean());
                b.member(age(17, r), "CHILD").labor("FULL").student("SENIOR_SECONDARY", true);
                b.member(age(17, r), "CHILD").labor("FULL").student("VOCATIONAL", false);
                b.member(age(20, r), "CHILD").labor("FULL").student("TERTIARY", false);
            }
            case 14 -> { // school dropout risk: sixth birthday today, and a 15-year-old out of school
                b.urban().status("NONE").income("WAGE", 50000);
                b.member(age(40, r), "HEAD").labor("FULL").flag("employed");
                b.member(d.minusYears(6), "CHILD");
                b.member(d.minusYears(16).plusDays(1), "CHILD");
            }
            case 15 -> { // sixteenth birthday today: employable and pension age, not a student
                b.rural().status("REGISTERED").income("AGRICULTURE", 6000);
                b.member(age(48, r), "HEAD").labor("NONE").flag("seriousIllness");
                b.member(d.minusYears(16), "CHILD").labor("FULL");
            }
            case 16 -> { // sixtieth birthday today: elderly supplement and pension claim
                b.rural().status("REGISTERED").income("AGRICULTURE", 2000);
                // Labour capacity recorded, as offices do for the old: a comparison at an earlier date sees a 59-year-old.
                b.member(d.minusYears(60), "HEAD").labor("NONE");
            }
            case 17 -> { // eighteenth birthday today: no longer a minor; a sibling one day short still is
                b.urban().status("NONE").dibao().income("WAGE", 5000);
                b.member(age(50, r), "HEAD").labor("PARTIAL").flag("residentPensionEnrolled");
                b.member(d.minusYears(18), "CHILD").labor("PARTIAL").student("SENIOR_SECONDARY", false);
                b.member(d.minusYears(18).plusDays(1), "CHILD").labor("PARTIAL").student("SENIOR_SECONDARY", false);
            }
            case 18, 19 -> { // income exactly at the standard (no fallback) / one yuan under it (fallback 0.08)
                boolean rural = r.nextBoolean();
                BigDecimal yearly = (rural ? ruralStandard : urbanStandard).multiply(BigDecimal.valueOf(24));
                if (s == 19) {
                    yearly = yearly.subtract(BigDecimal.ONE);
                }
                (rural ? b.rural() : b.urban()).status("REGISTERED").income("PENSION", yearly);
                b.member(age(75, r), "HEAD").pensioner();
                b.member(age(73, r), "SPOUSE").pensioner();
            }
            case 20 -> { // not registered, income under the standard: advise a general dibao application
                b.urban().status("NONE").income("WAGE", 4000);
                b.member(age(45, r), "HEAD").labor("PARTIAL");
            }
            case 21 -> { // exited household in the campaign period keeps medical and education policies
                b.rural().status("EXITED").income("AGRICULTURE", 18000);
                b.member(age(46, r), "HEAD").labor("FULL").flag("employed")
                        .medical(d.minusDays(40), "INPATIENT", true, 8000, 4000, 0, 0);
                b.member(age(12, r), "CHILD").student("PRIMARY", true);
            }
            case 22 -> { // unsafe housing and drinking water
                b.rural().status("NONE").income("AGRICULTURE", 30000).housing(r.nextBoolean() ? "C" : "D").water(false);
                b.member(age(50, r), "HEAD").labor("FULL").flag("employed");
            }
            case 23 -> { // extremely-poor supported member of a non-poor household: medical assistance
                b.urban().status("NONE").income("WAGE", 40000);
                b.member(age(35, r), "HEAD").labor("FULL").flag("employed");
                b.member(age(70, r), "PARENT").pensioner().flag("extremelyPoorSupported")
                        .medical(d.minusDays(60), "INPATIENT", true, 6000, 3600, 0, 0);
            }
            case 24 -> { // orphan with grade 1 needing care: keeps nursing, no living subsidy
                b.urban().status("NONE").dibao().income("TRANSFER", 1200);
                b.member(age(12, r), "GRANDCHILD").flag("orphanGuarantee").student("PRIMARY", false)
                        .disability("SECOND_GEN", 1, "PHYSICAL", true);
                b.member(age(70, r), "HEAD").pensioner();
            }
            case 25 -> { // excluded from pension contribution: employee pension, student; pension claim for old
                b.rural().status("REGISTERED").income("WAGE", 30000);
                b.member(age(50, r), "HEAD").labor("FULL").flag("employed").flag("employeePension");
                b.member(age(19, r), "CHILD").labor("FULL").student("TERTIARY", false);
                b.member(age(64, r), "PARENT");
            }
            case 26 -> { // work-injury nursing fee excludes both disability subsidies
                b.rural().status("NONE").dibao().income("AGRICULTURE", 2000);
                b.member(age(53, r), "HEAD").labor("NONE").flag("workInjuryNursingFee")
                        .disability("SECOND_GEN", 2, "PHYSICAL", true);
            }
            case 27 -> { // hardship that does not bring the household under the standard
                b.urban().status("NONE").income("WAGE", 90000).hardship("ACCIDENT", d.minusMonths(3), 5000);
                b.member(age(41, r), "HEAD").labor("FULL").flag("employed");
            }
            case 28 -> { // returned household with a recent hardship: the larger ground is granted
                b.rural().status("RETURNED").returned(d.minusMonths(5)).income("AGRICULTURE", 3000)
                        .hardship("DISASTER", d.minusDays(20), 3000);
                b.member(age(66, r), "HEAD").pensioner();
                b.member(age(8, r), "GRANDCHILD").student("PRIMARY", true);
            }
            default -> { // 29: medical over the cap in two counties' hospitals, second-gen grade 4 supplement
                b.rural().status("REGISTERED").income("AGRICULTURE", 4000);
                b.member(age(62, r), "HEAD").pensioner().disability("SECOND_GEN", 4, "HEARING", false)
                        .medical(d.withDayOfYear(1).plusDays(10), "INPATIENT", true, 50000, 30000, 0, 0);
            }
        }
    }

    /** A family as most of the register looks: working adults, children at school, little or no entitlement. */
    private void ordinary(B b, SplittableRandom r) {
        boolean rural = r.nextInt(100) < 55;
        if (rural) {
            b.rural();
        } else {
            b.urban();
        }
        int st = r.nextInt(100);
        b.status(st < 20 ? "REGISTERED" : st < 35 ? "EXITED" : st < 38 ? "RETURNED" : "NONE");
        if (r.nextInt(100) < 10) {
            b.dibao();
        }
        int adults = 1 + r.nextInt(2);
        int children = r.nextInt(4) == 0 ? 0 : r.nextInt(3);
        int elders = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0;
        int headAge = 25 + r.nextInt(35);
        boolean anyEmployed = false;
        for (int a = 0; a < adults; a++) {
            Mb m = b.member(age(headAge + r.nextInt(5) - 2, r), a == 0 ? "HEAD" : "SPOUSE");
            int cap = r.nextInt(100);
            m.labor(cap < 75 ? "FULL" : cap < 92 ? "PARTIAL" : "NONE");
            if (cap < 75 && r.nextInt(100) < 70) {
                m.flag("employed");
                anyEmployed = true;
            }
            if (r.nextInt(100) < 60) {
                m.flag("residentPensionEnrolled");
            }
            if (r.nextInt(100) < 8) {
                m.flag("employeePension");
            }
            maybeIll(m, r);
        }
        for (int c = 0; c < children; c++) {
            int age = Math.max(0, headAge - 20 - r.nextInt(15));
            Mb m = b.member(age(age, r), "CHILD");
            if (age >= 16) {
                m.labor("FULL");
            }
            if (age >= 3 && age <= 5) {
                m.student("PRESCHOOL", false);
            } else if (age >= 6 && age <= 11) {
                m.student(r.nextInt(100) < 2 ? "NONE" : "PRIMARY", r.nextInt(100) < 20);
            } else if (age >= 12 && age <= 14) {
                m.student("JUNIOR_SECONDARY", r.nextInt(100) < 40);
            } else if (age >= 15 && age <= 17) {
                m.student(r.nextBoolean() ? "SENIOR_SECONDARY" : "VOCATIONAL", r.nextBoolean());
            } else if (age >= 18 && age <= 22 && r.nextBoolean()) {
                m.student("TERTIARY", true);
            }
        }
        for (int e = 0; e < elders; e++) {
            Mb m = b.member(age(62 + r.nextInt(25), r), "PARENT").labor("NONE");
            if (r.nextInt(100) < 85) {
                m.flag("receivesBasicPension");
            }
            maybeIll(m, r);
        }
        BigDecimal std = rural ? ruralStandard : urbanStandard;
        int n = adults + children + elders;
        // Income per head around 0.5 … 4 times the yearly standard: a minority fall under it.
        double factor = 0.5 + r.nextDouble() * 3.5;
        long total = Math.round(std.doubleValue() * 12 * n * factor / 10) * 10;
        if (anyEmployed) {
            b.income("WAGE", total * 7 / 10).income(rural ? "AGRICULTURE" : "BUSINESS", total - total * 7 / 10);
        } else {
            b.income(rural ? "AGRICULTURE" : "TRANSFER", total);
        }
        if (r.nextInt(100) < 10) {
            b.income("FAMILY_PLANNING_REWARD", 600);
        }
        if (r.nextInt(100) < 30) {
            int h = r.nextInt(100);
            b.housing(h < 60 ? "A" : h < 90 ? "B" : h < 97 ? "C" : "D");
        }
        if (r.nextInt(100) < 40) {
            b.water(r.nextInt(100) >= 5);
        }
        if (r.nextInt(100) < 3) {
            b.hardship(List.of("FIRE", "ACCIDENT", "ILLNESS", "DISASTER", "OTHER").get(r.nextInt(5)),
                    asOf.minusDays(r.nextInt(500)), 500 + r.nextInt(200) * 100);
        }
    }

    private void maybeIll(Mb m, SplittableRandom r) {
        int x = r.nextInt(100);
        if (x < 4) {
            m.flag("seriousIllness");
        } else if (x < 12) {
            m.flag("chronicIllness");
        }
        if (r.nextInt(100) < 6) {
            String cert = r.nextInt(100) < 85 ? "SECOND_GEN" : "FIRST_GEN";
            String[] cats = {"VISUAL", "HEARING", "SPEECH", "PHYSICAL", "INTELLECTUAL", "MENTAL", "MULTIPLE"};
            m.disability(cert, 1 + r.nextInt(4), cats[r.nextInt(cats.length)], r.nextBoolean());
        }
        if (r.nextInt(100) < 10) {
            int items = 1 + r.nextInt(2);
            for (int k = 0; k < items; k++) {
                int total = 200 + r.nextInt(300) * 100;
                int basic = total * (40 + r.nextInt(40)) / 100;
                int days = Math.min(asOf.getDayOfYear() - 1, r.nextInt(365));
                String[] kinds = {"INPATIENT", "CHRONIC_OUTPATIENT", "OUTPATIENT"};
                m.medical(asOf.minusDays(days), kinds[r.nextInt(3)], r.nextInt(100) < 80, total, basic, 0,
                        r.nextInt(100) < 10 ? (total - basic) / 10 : 0);
            }
        }
    }

    /** A birth date giving exactly {@code years} on asOf, somewhere in the year before that birthday. */
    private LocalDate age(int years, SplittableRandom r) {
        return asOf.minusYears(years).minusDays(1 + r.nextInt(364));
    }

    // ------------------------------------------------------------------ bad lines

    private String corrupt(ObjectNode h, SplittableRandom r) {
        ObjectNode m0 = (ObjectNode) h.get("members").get(0);
        switch (r.nextInt(7)) {
            case 0 -> {
                String text = Json.MAPPER.writeValueAsString(h);
                return text.substring(0, text.length() / 2); // cut off: not JSON
            }
            case 1 -> h.put("county", "成都市");
            case 2 -> m0.put("birthDate", asOf.getYear() + "-02-30");
            case 3 -> m0.putObject("disability").put("certificate", "SECOND_GEN").put("grade", 5)
                    .put("category", "PHYSICAL");
            case 4 -> h.remove("members");
            case 5 -> h.putArray("incomes").addObject().put("type", "WAGE").put("annualAmount", -100);
            default -> m0.put("favouriteColour", "red");
        }
        return Json.MAPPER.writeValueAsString(h);
    }

    // ------------------------------------------------------------------ builders

    /** Household builder: fields in the order of the contract example. */
    private final class B {
        final ObjectNode h = Json.MAPPER.createObjectNode();
        final ArrayNode incomes;
        final ArrayNode members;
        final SplittableRandom r;
        /** Its own stream, so that adding the date changed none of the other generated facts. */
        final SplittableRandom returned;

        B(long i, SplittableRandom r) {
            this.r = r;
            this.returned = rng(i, 2);
            int county = r.nextInt(COUNTY_CODES.size());
            h.put("householdId", COUNTY_CODES.get(county) + "-" + asOf.getYear() + "-" + String.format("%07d", i + 1));
            h.put("county", Household.COUNTIES.get(county));
            h.put("residence", "URBAN");
            h.put("povertyStatus", "NONE");
            incomes = h.putArray("incomes");
            members = h.putArray("members");
        }

        B urban() {
            h.put("residence", "URBAN");
            return this;
        }

        B rural() {
            h.put("residence", "RURAL");
            return this;
        }

        /**
         * A RETURNED household gets the date it was registered again (required by the contract): within the two
         * years before asOf, so about half fall inside the one-year window of TEMPORARY_ASSISTANCE.
         */
        B status(String s) {
            h.put("povertyStatus", s);
            if (s.equals("RETURNED")) {
                return returned(asOf.minusDays(returned.nextInt(730)));
            }
            h.remove("returnedDate");
            return this;
        }

        B returned(LocalDate date) {
            h.put("returnedDate", date.toString());
            return this;
        }

        B dibao() {
            h.put("receivesDibao", true);
            return this;
        }

        B income(String type, long amount) {
            return income(type, BigDecimal.valueOf(amount));
        }

        B income(String type, BigDecimal amount) {
            if (amount.signum() > 0) {
                incomes.addObject().put("type", type).put("annualAmount", amount.setScale(2));
            }
            return this;
        }

        B housing(String grade) {
            h.put("housingSafety", grade);
            return this;
        }

        B water(boolean safe) {
            h.put("safeDrinkingWater", safe);
            return this;
        }

        B hardship(String cause, LocalDate date, long expense) {
            h.putObject("hardship").put("cause", cause).put("date", date.toString())
                    .put("uncoveredExpense", BigDecimal.valueOf(expense).setScale(2));
            return this;
        }

        Mb member(LocalDate birth, String relation) {
            ObjectNode m = members.addObject();
            m.put("memberId", "m" + members.size());
            m.put("birthDate", birth.toString());
            m.put("relation", relation);
            return new Mb(m);
        }
    }

    /** Member builder. */
    private static final class Mb {
        final ObjectNode m;

        Mb(ObjectNode m) {
            this.m = m;
        }

        Mb labor(String capacity) {
            m.put("laborCapacity", capacity);
            return this;
        }

        Mb flag(String name) {
            m.put(name, true);
            return this;
        }

        Mb pensioner() {
            return flag("receivesBasicPension");
        }

        Mb student(String stage, boolean boarding) {
            m.put("student", stage);
            if (boarding) {
                m.put("boarding", true);
            }
            return this;
        }

        Mb disability(String cert, int grade, String category, boolean care) {
            m.putObject("disability").put("certificate", cert).put("grade", grade).put("category", category)
                    .put("needsLongTermCare", care);
            return this;
        }

        Mb medical(LocalDate date, String kind, boolean inCounty, double total, double basic, double serious,
                double other) {
            ArrayNode a = m.has("medicalCosts") ? (ArrayNode) m.get("medicalCosts") : m.putArray("medicalCosts");
            a.addObject().put("date", date.toString()).put("kind", kind).put("inCounty", inCounty)
                    .put("total", money(total)).put("basicInsurance", money(basic))
                    .put("seriousIllnessInsurance", money(serious)).put("otherReimbursement", money(other));
            return this;
        }

        private static BigDecimal money(double v) {
            return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP);
        }
    }
}
