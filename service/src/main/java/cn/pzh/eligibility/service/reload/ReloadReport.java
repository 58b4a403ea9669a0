package cn.pzh.eligibility.service.reload;

import cn.pzh.eligibility.params.Problem;
import java.time.Instant;
import java.util.List;

/**
 * What one reload attempt found and did. {@code problems} are compile and {@code check} findings (errors and
 * warnings, each with file and line); {@code failedCases} the test-cases the candidate failed; {@code impact} the
 * publish gate's comparison against the ruleset in service (null without a reference caseload).
 */
public record ReloadReport(
        Outcome outcome,
        boolean dryRun,
        String trigger,
        String requestedBy,
        Instant startedAt,
        long durationMs,
        String servingVersion,
        String previousVersion,
        String candidateVersion,
        List<Problem> problems,
        int casesRun,
        List<FailedCase> failedCases,
        Impact impact,
        String message) {

    /**
     * SWAPPED: the candidate now serves. UNCHANGED: it passed but is the version already serving. REFUSED: it
     * failed a gate and the old ruleset keeps serving. WOULD_SWAP / WOULD_REFUSE: the same verdicts for a dry run,
     * which swaps nothing.
     */
    public enum Outcome { SWAPPED, UNCHANGED, REFUSED, WOULD_SWAP, WOULD_REFUSE }

    public record FailedCase(String file, String name, List<String> failures) {
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED || outcome == Outcome.WOULD_REFUSE;
    }
}
