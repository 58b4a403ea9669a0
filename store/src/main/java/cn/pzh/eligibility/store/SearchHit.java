package cn.pzh.eligibility.store;

import java.util.List;

/** A household found by search: enough to pick it from a list, identity numbers masked. */
public record SearchHit(String householdId, int version, String county, String township, String village,
        String headName, List<Member> members) {

    public record Member(String name, String maskedIdNumber) {
    }
}
