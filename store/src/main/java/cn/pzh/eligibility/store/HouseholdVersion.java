package cn.pzh.eligibility.store;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** One saved version of a household: the whole register document, who saved it and when. */
public record HouseholdVersion(String householdId, int version, ObjectNode document, String savedBy, Instant savedAt) {
}
