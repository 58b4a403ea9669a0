package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.input.FieldError;
import java.util.List;

/**
 * What an error response carries, for the OpenAPI document only: the body itself is Spring's ProblemDetail with
 * {@code householdId} and {@code errors} added, which the generated schema would not show.
 */
public record ProblemBody(String type, String title, int status, String detail, String instance,
        String householdId, List<FieldError> errors) {
}
