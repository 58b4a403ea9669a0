package cn.pzh.eligibility.model;

import java.time.LocalDate;

/** Age in whole years completed, as POLICY.md §1 counts it. */
public final class Ages {

    private Ages() {
    }

    /**
     * Whole years completed on {@code on}; the birthday itself counts. A 29 February birthday is reached on
     * 28 February of a common year (民法典 第二百零二条: where the month has no corresponding day, its last day
     * counts), which is what {@link LocalDate#withYear} gives: born 2004-02-29 is 18 on 2022-02-28.
     */
    public static int completedYears(LocalDate birth, LocalDate on) {
        int years = on.getYear() - birth.getYear();
        return on.isBefore(birth.withYear(on.getYear())) ? years - 1 : years;
    }
}
