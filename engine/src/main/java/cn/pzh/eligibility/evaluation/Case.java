package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.model.Hardship;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.model.HousingSafety;
import cn.pzh.eligibility.model.Income;
import cn.pzh.eligibility.model.PovertyStatus;
import cn.pzh.eligibility.model.Residence;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Params;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The household being assessed, as rules see it: its facts, the assessment date and the parameters in force on
 * it. One per evaluation; the only thing it gathers is that evaluation's own findings.
 */
public final class Case {

    private final Household household;
    private final LocalDate asOf;
    private final Params params;
    private final List<Finding> findings = new ArrayList<>();
    /** Names of the rules that fired for this case, in firing order; filled only by a traced evaluation. */
    private final List<String> fired = new ArrayList<>();
    /** System.nanoTime() after which the evaluation stops; Long.MAX_VALUE for none. */
    private long deadline = Long.MAX_VALUE;

    public Case(Household household, LocalDate asOf, Params params) {
        this.household = household;
        this.asOf = asOf;
        this.params = params;
    }

    void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    void checkDeadline() {
        if (System.nanoTime() - deadline > 0) {
            throw new DeadlineGuard.Expired();
        }
    }

    void record(Finding f) {
        findings.add(f);
    }

    List<Finding> findings() {
        return findings;
    }

    void recordFired(String rule) {
        fired.add(rule);
    }

    List<String> fired() {
        return fired;
    }

    public Household getHousehold() {
        return household;
    }

    public String getHouseholdId() {
        return household.householdId();
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public Params getParams() {
        return params;
    }

    public int getSize() {
        return household.members().size();
    }

    public Residence getResidence() {
        return household.residence();
    }

    public PovertyStatus getPovertyStatus() {
        return household.povertyStatus();
    }

    public boolean isReceivesDibao() {
        return household.receivesDibao();
    }

    public List<Income> getIncomes() {
        return household.incomes();
    }

    public HousingSafety getHousingSafety() {
        return household.housingSafety();
    }

    public Boolean getSafeDrinkingWater() {
        return household.safeDrinkingWater();
    }

    public Hardship getHardship() {
        return household.hardship();
    }

    // ---- what rules use to read parameters and write explanations ----

    public ParamValue param(String name) {
        return params.value(name);
    }

    /** A parameter as a term of arithmetic. */
    public Calc amount(String name) {
        return Calc.of(params.value(name));
    }

    public int integer(String name) {
        return params.integer(name);
    }

    public boolean flag(String name) {
        return params.flag(name);
    }

    public LocalDate date(String name) {
        return params.date(name);
    }

    public List<String> codes(String name) {
        return params.codes(name);
    }

    /** The assessment date is on or before the date a parameter names. */
    public boolean notAfter(String dateParam) {
        return !asOf.isAfter(params.date(dateParam));
    }

    /** The assessment date is on or after the date a parameter names. */
    public boolean notBefore(String dateParam) {
        return !asOf.isBefore(params.date(dateParam));
    }

    /** "农村低保标准 410 元/人·月（自 2019-01-01 起执行）". */
    public String cite(String name) {
        return params.value(name).cite();
    }

    /**
     * A parameter's value as words with the date it holds from, for a sentence that already says what it is:
     * "16 周岁（自 2019-01-01 起执行）". An explanation names every parameter that decided it with its date (POLICY.md §4).
     */
    public String show(String name) {
        return params.value(name).display() + params.value(name).since();
    }

    /** Two parameters that bound a range: "16 至 59 周岁（自 2019-01-01 起执行）". */
    public String range(String minName, String maxName) {
        ParamValue min = params.value(minName);
        ParamValue max = params.value(maxName);
        String unit = max.unit() == null || max.unit().isEmpty() ? "" : " " + max.unit();
        if (min.from().equals(max.from()) && java.util.Objects.equals(min.unit(), max.unit())) {
            return min.value() + " 至 " + max.value() + unit + min.since();
        }
        return min.display() + min.since() + "至 " + max.display() + max.since();
    }

    /** The household was registered again as returned to poverty within the same look-back window as a hardship. */
    public boolean returnedWithin(String lookbackYearsParam) {
        return within(household.returnedDate(), lookbackYearsParam);
    }

    /** After the assessment date minus the look-back years, and not after the assessment date. */
    private boolean within(LocalDate d, String lookbackYearsParam) {
        return d != null && d.isAfter(asOf.minusYears(params.integer(lookbackYearsParam))) && !d.isAfter(asOf);
    }

    public LocalDate getReturnedDate() {
        return household.returnedDate();
    }

    /** The first day of the look-back window ending on the assessment date ("须晚于" this day's eve). */
    public LocalDate windowStart(String lookbackYearsParam) {
        return asOf.minusYears(params.integer(lookbackYearsParam)).plusDays(1);
    }

    /** The hardship is dated after the assessment date minus the look-back years, and not after the assessment date. */
    public boolean hardshipWithin(String lookbackYearsParam) {
        var h = household.hardship();
        return h != null && within(h.date(), lookbackYearsParam);
    }

    /** The hardship's uncovered expense as a term of arithmetic. */
    public Calc hardshipExpense() {
        return Calc.yuan(household.hardship().uncoveredExpense());
    }

    /** The number of members as a term of arithmetic: "3 人". */
    public Calc members() {
        return Calc.count(getSize(), "人");
    }

    /** "该户（农村户籍，建档立卡贫困户（未标注脱贫），共 3 人）". */
    public String describe() {
        String d = described;
        if (d == null) {
            d = "该户（" + household.residence().label() + "户籍，" + household.povertyStatus().label() + "，共 "
                    + getSize() + " 人）";
            described = d;
        }
        return d;
    }

    private String described;

    @Override
    public String toString() {
        return "Case[" + household.householdId() + " @ " + asOf + "]";
    }
}
