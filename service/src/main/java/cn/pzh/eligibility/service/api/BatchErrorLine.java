package cn.pzh.eligibility.service.api;

/**
 * One line of a batch job's errors file (JSON Lines), for the OpenAPI document only: the engine's batch runner
 * writes it. {@code line} is the input line (for CSV, the member's row); {@code column} names the CSV column when
 * the input was CSV.
 */
public record BatchErrorLine(long line, String householdId, String path, String column, String message,
        String messageZh) {
}
