package cn.pzh.eligibility.input;

import java.util.List;
import java.util.stream.Collectors;

/** A household that cannot be evaluated, with every field error found in it. */
public class InvalidHouseholdException extends RuntimeException {

    private final String householdId;
    private final List<FieldError> errors;

    public InvalidHouseholdException(String householdId, List<FieldError> errors) {
        super(describe(householdId, errors));
        this.householdId = householdId;
        this.errors = List.copyOf(errors);
    }

    /** Null when the input did not carry a readable {@code householdId}. */
    public String householdId() {
        return householdId;
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(String householdId, List<FieldError> errors) {
        String who = householdId == null ? "household (no householdId)" : "household " + householdId;
        return errors.stream().map(e -> who + ": " + e).collect(Collectors.joining("\n"));
    }
}
