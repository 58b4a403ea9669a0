package cn.pzh.eligibility.model;

import java.time.LocalDate;
import java.util.List;

/**
 * One household as the contract in shared/spec describes it, after validation: no nulls except the
 * fields the contract lets be absent ({@code housingSafety}, {@code safeDrinkingWater}, {@code hardship}, and
 * {@code returnedDate} for a household that is not RETURNED).
 */
public record Household(
        String householdId,
        String county,
        Residence residence,
        PovertyStatus povertyStatus,
        boolean receivesDibao,
        List<Income> incomes,
        HousingSafety housingSafety,
        Boolean safeDrinkingWater,
        Hardship hardship,
        List<Member> members,
        LocalDate returnedDate) {

    /** The counties of Panzhihua, as the contract spells them. */
    public static final List<String> COUNTIES = List.of("东区", "西区", "仁和区", "米易县", "盐边县");

    public Household {
        incomes = List.copyOf(incomes);
        members = List.copyOf(members);
    }
}
