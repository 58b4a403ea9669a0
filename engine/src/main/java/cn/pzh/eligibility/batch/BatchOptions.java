package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * What one batch run does. Build with {@link #builder}; the CLI and the service fill the same options.
 *
 * <p>A comparison run is one with a {@code baseline} ruleset or a {@code baselineAsOf} date (either defaults to the
 * main one): each household is evaluated twice, and {@code diff} / {@code report} are written.
 */
public record BatchOptions(
        Path input,
        Path output,
        Format format,
        Ruleset rules,
        LocalDate asOf,
        Path errors,
        boolean resume,
        Ruleset baseline,
        LocalDate baselineAsOf,
        Path diff,
        Path report,
        int threads,
        int chunkSize,
        Duration checkpointInterval,
        Mode mode,
        boolean removeCheckpoint) {

    public enum Format {
        JSONL, CSV;

        /** By the file's extension: {@code .csv} is CSV, anything else JSON Lines. */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
        }
    }

    /**
     * EVALUATE: the real thing. COPY: read and validate each household and write it back as JSON, with no rules: the
     * floor of the pipeline's cost, for the benchmark.
     */
    public enum Mode { EVALUATE, COPY }

    public BatchOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(asOf, "asOf");
        if (mode == Mode.EVALUATE) {
            Objects.requireNonNull(rules, "rules");
        }
        if (threads < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("threads and chunk size must be at least 1");
        }
    }

    public boolean comparison() {
        return baseline != null || baselineAsOf != null;
    }

    /** The ruleset the baseline evaluation uses: the baseline's, or the main one when only the date differs. */
    public Ruleset baselineRules() {
        return baseline != null ? baseline : rules;
    }

    public LocalDate baselineDate() {
        return baselineAsOf != null ? baselineAsOf : asOf;
    }

    /** The checkpoint kept beside the output: {@code OUT.checkpoint}. */
    public Path checkpoint() {
        return output.resolveSibling(output.getFileName() + ".checkpoint");
    }

    public static Builder builder(Path input, Path output, Ruleset rules, LocalDate asOf) {
        return new Builder(input, output, rules, asOf);
    }

    public static final class Builder {
        private final Path input;
        private final Path output;
        private final Ruleset rules;
        private final LocalDate asOf;
        private Format format;
        private Path errors;
        private boolean resume;
        private Ruleset baseline;
        private LocalDate baselineAsOf;
        private Path diff;
        private Path report;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int chunkSize = 256;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private Mode mode = Mode.EVALUATE;
        private boolean removeCheckpoint;

        private Builder(Path input, Path output, Ruleset rules, LocalDate asOf) {
            this.input = input;
            this.output = output;
            this.rules = rules;
            this.asOf = asOf;
        }

        public Builder format(Format f) {
            this.format = f;
            return this;
        }

        /** Default: {@code OUT.errors.jsonl}. */
        public Builder errors(Path p) {
            this.errors = p;
            return this;
        }

        public Builder resume(boolean r) {
            this.resume = r;
            return this;
        }

        public Builder baseline(Ruleset b) {
            this.baseline = b;
            return this;
        }

        public Builder baselineAsOf(LocalDate d) {
            this.baselineAsOf = d;
            return this;
        }

        public Builder diff(Path p) {
            this.diff = p;
            return this;
        }

        public Builder report(Path p) {
            this.report = p;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** Households handed to a worker at once; also the unit of checkpointing. */
        public Builder chunkSize(int n) {
            this.chunkSize = n;
            return this;
        }

        /** How often the checkpoint is brought up to date (and the outputs synced to disk); zero: every chunk. */
        public Builder checkpointInterval(Duration d) {
            this.checkpointInterval = d;
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        /**
         * Deletes the checkpoint once the run is complete (the command line: nothing is left beside a finished
         * output). Off by default: the service reads a finished run's checkpoint for its sums.
         */
        public Builder removeCheckpointWhenDone(boolean r) {
            this.removeCheckpoint = r;
            return this;
        }

        public BatchOptions build() {
            Path err = errors != null ? errors : output.resolveSibling(output.getFileName() + ".errors.jsonl");
            return new BatchOptions(input, output, format != null ? format : Format.of(input), rules, asOf, err,
                    resume, baseline, baselineAsOf, diff, report, threads, chunkSize, checkpointInterval, mode,
                    removeCheckpoint);
        }
    }
}
