package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.input.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What an error response carries, for the OpenAPI document only: the body itself is Spring's ProblemDetail with
 * {@code householdId}, {@code errors} (client mistakes) or {@code problems} (503) added, which the generated
 * schema would not show.
 */
public record ProblemBody(String type, String title, int status, String detail, String instance,
        String householdId, List<FieldError> errors,
        @Schema(description = "503 without a ruleset: why the rules did not load") List<String> problems) {
}
