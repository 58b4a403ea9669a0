package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.input.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What an error response carries, for the OpenAPI document only: the body itself is Spring's ProblemDetail with
 * {@code householdId}, {@code errors} (client mistakes) or {@code problemCount} (503: how many problems the rules have; the problems themselves are in the health details for policy staff) added, which the generated
 * schema would not show.
 */
public record ProblemBody(String type, String title, int status, String detail, String instance,
        String householdId, List<FieldError> errors,
        @Schema(description = "503 without a ruleset: how many problems kept the rules from loading") Integer problemCount,
        @Schema(description = "409 on a register save: the version the edit started from") Integer baseVersion,
        @Schema(description = "409 on a register save: the newest version") Integer currentVersion,
        @Schema(types = "object", description = "409 on a register save: the base version") Object base,
        @Schema(types = "object", description = "409 on a register save: the newest version") Object current) {
}
