package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.FieldError;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The assessment date of a request: the {@code asOf} query parameter, or an {@code asOf} field in the body. */
public final class AssessmentDates {

    /** "Today" is the date in Panzhihua, whatever zone the server runs in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private AssessmentDates() {
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** Parses a query parameter; null when absent, and an error added when it is not a real date. */
    public static LocalDate parse(String raw, String path, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            // Only YYYY-MM-DD: ISO's "+99999-01-01" parses but is no assessment date anyone means.
            // Exactly the ten characters: ' 2019-10-01' is refused, not quietly trimmed.
            if (!raw.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", raw, 0);
            }
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            String shown = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
            errors.add(new FieldError(path, "must be a date as YYYY-MM-DD, was '" + shown + "'",
                    "核定日期格式应为 YYYY-MM-DD 且须是真实日期（填写的是“" + shown + "”）"));
            return null;
        }
    }

    /**
     * Takes {@code asOf} out of a household object (the engine's reader would refuse it as unknown) and decides the
     * date: the query's and the body's must agree when both are given, today when neither is.
     */
    public static LocalDate take(JsonNode household, LocalDate fromQuery, boolean queryInvalid, List<FieldError> errors) {
        LocalDate fromBody = null;
        if (household instanceof ObjectNode obj && obj.has("asOf")) {
            JsonNode v = obj.remove("asOf");
            if (v.isString()) {
                fromBody = parse(v.stringValue(), "asOf", errors);
            } else if (!v.isNull()) {
                errors.add(new FieldError("asOf", "must be a date as YYYY-MM-DD, was " + v,
                        "核定日期格式应为 YYYY-MM-DD（填写的是 " + v + "）"));
            }
        }
        if (fromQuery != null && fromBody != null && !fromQuery.equals(fromBody)) {
            errors.add(new FieldError("asOf", "differs from the asOf query parameter (" + fromQuery + ")",
                    "与查询参数中的核定日期（" + fromQuery + "）不一致"));
        }
        if (fromQuery != null) {
            return fromQuery;
        }
        if (fromBody != null) {
            return fromBody;
        }
        return queryInvalid ? null : today();
    }
}
