package cn.pzh.eligibility.store;

/** A new household named an id the register already holds. */
public class HouseholdExistsException extends RuntimeException {

    private final String householdId;

    public HouseholdExistsException(String householdId) {
        super("household " + householdId + " is already registered");
        this.householdId = householdId;
    }

    public String householdId() {
        return householdId;
    }
}
