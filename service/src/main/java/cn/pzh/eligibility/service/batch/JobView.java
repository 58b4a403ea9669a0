package cn.pzh.eligibility.service.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A batch job as the API shows it: job.json plus the links that apply to it now. */
public record JobView(String id, JobState state, String fileName, String format, LocalDate asOf,
        LocalDate baselineAsOf, String baselineRules, Rulesets ruleset, Instant submittedAt, Instant startedAt,
        Instant finishedAt, int runs, String message, Progress progress, Map<String, String> links) {

    /** {@code baselineVersion}: null unless a comparison. */
    public record Rulesets(String version, String baselineVersion) {
    }

    /**
     * {@code householdsRead = written + errors}; {@code linesRead} (and {@code blankLines}) are known exactly when
     * the job is done, or from the checkpoint of an interrupted one; {@code changed} only for a comparison.
     */
    public record Progress(long householdsRead, Long linesRead, Long blankLines, long written, long errors,
            long errorEntries, Long changed, double householdsPerSecond, double fraction) {
    }

    static final String BASE = "/api/v1/batches";

    static JobView of(JobFile j) {
        JobFile.Counts c = j.progress;
        Map<String, String> links = new LinkedHashMap<>();
        String self = BASE + "/" + j.id;
        links.put("self", self);
        links.put("results", self + "/results");
        links.put("errors", self + "/errors");
        if (j.comparison()) {
            links.put("diff", self + "/diff");
            links.put("report", self + "/report");
        }
        if (j.state.resumable()) {
            links.put("resume", self + "/resume");
        }
        return new JobView(j.id, j.state, j.fileName, j.inputFormat, j.asOf, j.baselineAsOf, j.baselineRules,
                new Rulesets(j.rulesetVersion, j.baselineRulesetVersion), j.submittedAt, j.startedAt, j.finishedAt,
                j.runs, j.message, new Progress(c.householdsRead, c.linesRead, c.blankLines, c.written, c.errors,
                        c.errorEntries, c.changed, Math.round(c.householdsPerSecond * 10) / 10.0,
                        Math.round(c.fraction * 10000) / 10000.0), java.util.Collections.unmodifiableMap(links));
    }
}
