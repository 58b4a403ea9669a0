package cn.pzh.eligibility.store;

/** An edit started from {@code baseVersion} but the register already holds the newer {@code currentVersion}. */
public class VersionConflictException extends RuntimeException {

    private final String householdId;
    private final int baseVersion;
    private final int currentVersion;

    public VersionConflictException(String householdId, int baseVersion, int currentVersion) {
        super("household " + householdId + " was saved as version " + currentVersion + " after version " + baseVersion
                + " this edit started from");
        this.householdId = householdId;
        this.baseVersion = baseVersion;
        this.currentVersion = currentVersion;
    }

    public String householdId() {
        return householdId;
    }

    public int baseVersion() {
        return baseVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
