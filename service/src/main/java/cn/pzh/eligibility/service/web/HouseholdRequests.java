package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.model.Household;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One household and its assessment date out of a request, or every error in both at once. */
public final class HouseholdRequests {

    public record Parsed(Household household, LocalDate asOf) {
    }

    private HouseholdRequests() {
    }

    /** {@code queryErrors}: what was already wrong with the query's asOf, reported together with the body's. */
    public static Parsed read(JsonNode node, LocalDate queryAsOf, List<FieldError> queryErrors) {
        List<FieldError> errors = new ArrayList<>(queryErrors);
        LocalDate asOf = AssessmentDates.take(node, queryAsOf, !queryErrors.isEmpty(), errors);
        String householdId = null;
        Household household = null;
        try {
            household = HouseholdReader.read(node);
            householdId = household.householdId();
        } catch (InvalidHouseholdException e) {
            householdId = e.householdId();
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidHouseholdException(householdId, errors);
        }
        return new Parsed(household, asOf);
    }
}
