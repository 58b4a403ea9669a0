package cn.pzh.eligibility.service.batch;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The content of a job's {@code job.json}: everything needed to show the job and to run or resume it after a
 * restart. Mutable, guarded by the owning {@link BatchJobService}; written whole and atomically on every change of
 * state (and now and then while running, for the counts).
 */
public final class JobFile {

    public int format = 1;
    public String id;
    public JobState state;
    /** The name the client gave the upload: shown only, never used as a path. */
    public String fileName;
    /** JSONL or CSV. */
    public String inputFormat;
    public LocalDate asOf;
    public LocalDate baselineAsOf;
    /** The configured name of the baseline rules ({@code batches.baseline-dirs.NAME}), null when none. */
    public String baselineRules;
    /** The serving ruleset the job was submitted under: a resume under any other would mix two rulesets. */
    public String rulesetVersion;
    /** The baseline's version: the serving one when only the baseline date differs; null when not a comparison. */
    public String baselineRulesetVersion;
    public Instant submittedAt;
    /** When the latest run (the first, or a resume) started. */
    public Instant startedAt;
    public Instant finishedAt;
    /** How many times it was started: 1, plus one per resume. */
    public int runs;
    /** Why it FAILED or was INTERRUPTED; null otherwise. */
    public String message;
    public Counts progress = new Counts();

    /** The counts of the whole job (including what ran before a resume); the rate is of the latest run only. */
    public static final class Counts {
        public long householdsRead;
        /** Known exactly once the job is done (or from the checkpoint of an interrupted one). */
        public Long linesRead;
        public Long blankLines;
        public long written;
        public long errors;
        public long errorEntries;
        /** Comparison jobs: households whose entitlements changed. */
        public Long changed;
        public double householdsPerSecond;
        /** 0 … 1, by input bytes. */
        public double fraction;
    }

    public boolean comparison() {
        return baselineAsOf != null || baselineRules != null;
    }
}
