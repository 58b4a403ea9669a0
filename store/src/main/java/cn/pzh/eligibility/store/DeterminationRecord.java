package cn.pzh.eligibility.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/** A determination as it was made and stored: its exact bytes and everything needed to make it again. */
public record DeterminationRecord(long recordId, String householdId, int factsVersion, LocalDate asOf,
        String rulesetVersion, String determinedBy, Instant determinedAt, String inputSha256, byte[] determination) {

    public String json() {
        return new String(determination, StandardCharsets.UTF_8);
    }
}
