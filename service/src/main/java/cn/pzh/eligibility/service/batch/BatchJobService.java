package cn.pzh.eligibility.service.batch;

import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.batch.BatchRunner;
import cn.pzh.eligibility.batch.BatchSummary;
import cn.pzh.eligibility.batch.Progress;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import cn.pzh.eligibility.service.config.RulesetHolder;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Owns the batch jobs: accepts uploads, runs them on a small executor with the engine's {@link BatchRunner}, keeps
 * each job's state in its job.json, and on start turns jobs that a stop or crash left QUEUED or RUNNING into
 * INTERRUPTED, which {@link #resume} continues from the engine's checkpoint.
 */
public class BatchJobService {

    private static final Logger log = LoggerFactory.getLogger(BatchJobService.class);
    /** job.json is rewritten at most this often for the counts alone (state changes are written at once). */
    private static final long SAVE_PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** What a job can be asked for besides its state. */
    public enum Output {
        RESULTS(JobStore.RESULTS, false), ERRORS(JobStore.ERRORS, false), DIFF(JobStore.DIFF, true),
        REPORT(JobStore.REPORT, true);

        final String fileName;
        final boolean comparisonOnly;

        Output(String fileName, boolean comparisonOnly) {
            this.fileName = fileName;
            this.comparisonOnly = comparisonOnly;
        }
    }

    /** Puts the uploaded file at the path given (the job's input). */
    @FunctionalInterface
    public interface Upload {
        void transferTo(Path target) throws IOException;
    }

    /** A job in memory: its job.json, and what a run needs that is not worth persisting. */
    private static final class Job {
        final JobFile file;
        /** Set when the service stops: the job ends at the next chunk as INTERRUPTED. */
        volatile boolean stop;
        /** The rulesets for the next run, taken when it was submitted or resumed; dropped when the run ends. */
        Ruleset rules;
        Ruleset baseline;
        long lastSaved;

        Job(JobFile file) {
            this.file = file;
        }
    }

    /** Thrown from the progress listener to stop the engine between chunks, after its last checkpoint. */
    private static final class JobStopped extends RuntimeException {
        JobStopped() {
            super("stopped with the service", null, false, false);
        }
    }

    private final JobStore store;
    private final RulesetHolder rulesets;
    private final BatchProperties props;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private volatile boolean stopping;

    public BatchJobService(JobStore store, RulesetHolder rulesets, BatchProperties props) {
        this.store = store;
        this.rulesets = rulesets;
        this.props = props;
        AtomicInteger n = new AtomicInteger();
        // Bounded in threads, not in queue: a job waiting costs only its job.json and its upload, already on disk.
        this.executor = new ThreadPoolExecutor(props.concurrentJobs(), props.concurrentJobs(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "batch-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        recover();
        log.info("Batch jobs in {}: {} found, up to {} at a time with {} worker thread(s) each", store.root(),
                jobs.size(), props.concurrentJobs(), props.threadsPerJob());
    }

    // ------------------------------------------------------------------ start and stop of the service

    /** Nothing that was started is lost silently: what was queued or running is now INTERRUPTED, and says so. */
    private void recover() {
        for (JobFile j : store.loadAll()) {
            if (j.state == JobState.RUNNING || j.state == JobState.QUEUED) {
                JobState was = j.state;
                j.state = JobState.INTERRUPTED;
                j.message = "The service stopped while the job was " + was + "; POST .../resume continues it（服务停止时任务"
                        + (was == JobState.RUNNING ? "正在运行" : "尚在排队") + "，可调用 resume 继续）";
                countsFromCheckpoint(j);
                store.save(j);
                log.warn("Batch job {} was {} when the service stopped: now INTERRUPTED, resumable", j.id, was);
            }
            jobs.put(j.id, new Job(j));
        }
    }

    /** Running jobs stop at their next chunk, after a checkpoint; queued ones do not start. Both end INTERRUPTED. */
    @PreDestroy
    public void stop() {
        stopping = true;
        jobs.values().forEach(j -> j.stop = true);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Batch jobs still running at shutdown; they will be found INTERRUPTED at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the API's operations

    public JobView submit(String fileName, BatchOptions.Format format, LocalDate asOf, LocalDate baselineAsOf,
            String baselineName, Upload upload) {
        if (stopping) {
            throw BatchProblem.unavailable("The service is stopping（服务正在停止）");
        }
        Ruleset rules = rulesets.require();
        Ruleset baseline = baselineName == null ? null : baseline(baselineName, false);
        JobFile j = new JobFile();
        j.id = store.newId();
        j.state = JobState.QUEUED;
        j.fileName = fileName;
        j.inputFormat = format.name();
        j.asOf = asOf;
        j.baselineAsOf = baselineAsOf;
        j.baselineRules = baselineName;
        j.rulesetVersion = rules.version();
        j.baselineRulesetVersion = baseline != null ? baseline.version() : baselineAsOf != null ? rules.version() : null;
        j.submittedAt = Instant.now();
        Path dir = store.dir(j.id);
        try {
            Files.createDirectories(dir);
            upload.transferTo(store.input(j));
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot store the upload of job " + j.id, e);
        }
        store.save(j);
        Job job = new Job(j);
        job.rules = rules;
        job.baseline = baseline;
        jobs.put(j.id, job);
        start(job, false);
        log.info("Batch job {} queued: {} ({}), asOf {}, ruleset {}{}", j.id, fileName, format, asOf,
                j.rulesetVersion, j.comparison() ? ", baseline " + j.baselineRulesetVersion + " @ "
                        + (baselineAsOf != null ? baselineAsOf : asOf) : "");
        return JobView.of(j);
    }

    /**
     * Continues an INTERRUPTED or FAILED job from the engine's checkpoint: the outputs are cut back to the last
     * checkpoint and the rest appended, so the files come out as from one uninterrupted run. Refused (409) unless
     * the serving ruleset (and a named baseline) is still the version the job started with.
     */
    public JobView resume(String id) {
        if (stopping) {
            throw BatchProblem.unavailable("The service is stopping（服务正在停止）");
        }
        Job job = find(id);
        Ruleset rules = rulesets.require();
        synchronized (job) {
            JobFile j = job.file;
            if (!j.state.resumable()) {
                throw BatchProblem.conflict("Job " + id + " is " + j.state + "; only an INTERRUPTED or FAILED job can"
                        + " be resumed（任务状态为 " + j.state + "，只有已中断或失败的任务可以继续）");
            }
            if (!rules.version().equals(j.rulesetVersion)) {
                throw BatchProblem.conflict("Job " + id + " ran with ruleset " + j.rulesetVersion + " but the service"
                        + " now serves " + rules.version() + "; the results of one job must come from one ruleset."
                        + " Submit the file again as a new job（该任务按规则版本 " + j.rulesetVersion + " 核定，当前服务的规则版本为 "
                        + rules.version() + "；同一任务的结果必须出自同一规则版本，请重新提交新任务）");
            }
            Ruleset baseline = null;
            if (j.baselineRules != null) {
                baseline = baseline(j.baselineRules, true);
                if (!baseline.version().equals(j.baselineRulesetVersion)) {
                    throw BatchProblem.conflict("Job " + id + " compared with baseline rules " + j.baselineRules
                            + " version " + j.baselineRulesetVersion + ", which are now version " + baseline.version()
                            + "; submit the file again as a new job（基线规则 " + j.baselineRules + " 的版本已由 "
                            + j.baselineRulesetVersion + " 变为 " + baseline.version() + "，请重新提交新任务）");
                }
            }
            j.state = JobState.QUEUED;
            j.message = null;
            store.save(j);
            job.rules = rules;
            job.baseline = baseline;
            job.stop = false;
        }
        start(job, true);
        log.info("Batch job {} queued to resume", id);
        return view(id);
    }

    public List<JobView> list() {
        List<JobView> out = new ArrayList<>();
        jobs.values().stream()
                .sorted(Comparator.comparing((Job j) -> j.file.submittedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(j -> j.file.id, Comparator.reverseOrder()))
                .forEach(j -> {
                    synchronized (j) {
                        out.add(JobView.of(j.file));
                    }
                });
        return out;
    }

    public JobView view(String id) {
        Job job = find(id);
        synchronized (job) {
            return JobView.of(job.file);
        }
    }

    /** The file of a finished job: 404 when the job does not produce it, 409 until the job is DONE. */
    public Path output(String id, Output what) {
        Job job = find(id);
        synchronized (job) {
            JobFile j = job.file;
            if (what.comparisonOnly && !j.comparison()) {
                throw what == Output.DIFF ? BatchProblem.notProduced(id, "diff", "差异文件")
                        : BatchProblem.notProduced(id, "report", "影响测算报告");
            }
            if (j.state != JobState.DONE) {
                throw BatchProblem.notDone(id, j.state);
            }
        }
        Path p = store.file(id, what.fileName);
        if (!Files.isRegularFile(p)) {
            // Done, yet gone: someone removed it from the jobs directory.
            throw BatchProblem.missing(id, what.fileName);
        }
        return p;
    }

    // ------------------------------------------------------------------ running a job

    private void start(Job job, boolean resume) {
        try {
            executor.execute(() -> run(job, resume));
        } catch (RejectedExecutionException e) {
            // Only when stopping: the job stays QUEUED on disk and is found INTERRUPTED at the next start.
            throw BatchProblem.unavailable("The service is stopping（服务正在停止）");
        }
    }

    private void run(Job job, boolean resume) {
        JobFile j = job.file;
        Ruleset rules;
        Ruleset baseline;
        synchronized (job) {
            if (job.stop) {
                interrupted(j, "The service stopped before the job started; resume starts it（服务停止时任务尚未开始，可调用 resume 开始）");
                return;
            }
            rules = job.rules;
            baseline = job.baseline;
            job.rules = null;
            job.baseline = null;
            j.state = JobState.RUNNING;
            j.startedAt = Instant.now();
            j.finishedAt = null;
            j.message = null;
            j.runs++;
            store.save(j);
            job.lastSaved = System.nanoTime();
        }
        String id = j.id;
        BatchOptions options = BatchOptions.builder(store.input(j), store.file(id, JobStore.RESULTS), rules, j.asOf)
                .format(BatchOptions.Format.valueOf(j.inputFormat))
                .errors(store.file(id, JobStore.ERRORS))
                .resume(resume)
                .baseline(baseline)
                .baselineAsOf(j.baselineAsOf)
                .diff(j.comparison() ? store.file(id, JobStore.DIFF) : null)
                .report(j.comparison() ? store.file(id, JobStore.REPORT) : null)
                .threads(props.threadsPerJob())
                .chunkSize(props.chunkSize())
                .checkpointInterval(props.checkpointInterval())
                .build();
        try {
            BatchSummary s = BatchRunner.run(options, p -> progress(job, p));
            synchronized (job) {
                JobFile.Counts c = j.progress;
                c.householdsRead = s.households();
                c.linesRead = s.linesRead();
                c.blankLines = s.blankLines();
                c.written = s.written();
                c.errors = s.errors();
                c.errorEntries = s.errorEntries();
                c.changed = j.comparison() ? s.changed() : null;
                c.householdsPerSecond = s.perSecond();
                c.fraction = 1;
                j.state = JobState.DONE;
                j.finishedAt = Instant.now();
                store.save(j);
            }
            log.info("Batch job {} done: {}", id, s.describe());
        } catch (RuntimeException e) {
            boolean stopped = job.stop || causedBy(e, JobStopped.class);
            synchronized (job) {
                if (stopped) {
                    interrupted(j, "The service stopped while the job was running; resume continues it from its last"
                            + " checkpoint（服务停止时任务正在运行，可调用 resume 从断点继续）");
                } else {
                    countsFromCheckpoint(j);
                    j.state = JobState.FAILED;
                    j.message = JobMessages.safe(String.valueOf(e.getMessage()));
                    j.finishedAt = Instant.now();
                    store.save(j);
                }
            }
            if (stopped) {
                log.warn("Batch job {} interrupted by the service stopping", id);
            } else {
                log.warn("Batch job {} failed: {}: {}", id, e.getClass().getSimpleName(),
                        JobMessages.safe(String.valueOf(e.getMessage())));
            }
        }
    }

    /** Called by the engine's writer after each chunk: cheap, and the place a stop takes effect. */
    private void progress(Job job, Progress p) {
        if (job.stop && !p.finished()) {
            throw new JobStopped();
        }
        synchronized (job) {
            JobFile.Counts c = job.file.progress;
            c.householdsRead = p.households();
            c.written = p.written();
            c.errors = p.errors();
            c.householdsPerSecond = p.perSecond();
            c.fraction = p.fraction();
            long now = System.nanoTime();
            if (now - job.lastSaved >= SAVE_PROGRESS_NANOS) {
                store.save(job.file);
                job.lastSaved = now;
            }
        }
    }

    private void interrupted(JobFile j, String message) {
        countsFromCheckpoint(j);
        j.state = JobState.INTERRUPTED;
        j.message = message;
        j.finishedAt = Instant.now();
        store.save(j);
    }

    /** What the outputs hold for sure: the engine's last checkpoint (a resume starts from there). */
    private void countsFromCheckpoint(JobFile j) {
        JsonNode cp = store.readCheckpoint(j.id);
        JobFile.Counts c = j.progress;
        if (cp == null) {
            c.householdsRead = 0;
            c.written = 0;
            c.errors = 0;
            c.errorEntries = 0;
            c.linesRead = 0L;
            c.blankLines = 0L;
            c.fraction = 0;
            return;
        }
        c.householdsRead = cp.path("households").asLong();
        c.written = cp.path("written").asLong();
        c.errors = cp.path("errors").asLong();
        c.errorEntries = cp.path("errorEntries").asLong();
        c.linesRead = cp.path("linesRead").asLong();
        c.blankLines = cp.path("blankLines").asLong();
        try {
            long size = Files.size(store.input(j));
            c.fraction = size == 0 ? 1 : Math.min(1, cp.path("inputOffset").asLong() / (double) size);
        } catch (IOException e) {
            c.fraction = 0;
        }
    }

    // ------------------------------------------------------------------ helpers

    private Job find(String id) {
        Job job = JobStore.validId(id) ? jobs.get(id) : null;
        if (job == null) {
            throw BatchProblem.unknownJob(String.valueOf(id));
        }
        return job;
    }

    /** A baseline is a name the operator configured; a path from a client would read any directory on the server. */
    private Ruleset baseline(String name, boolean forResume) {
        Path dir = props.baselineDirs().get(name);
        if (dir == null) {
            String known = new TreeSet<>(props.baselineDirs().keySet()).toString();
            if (forResume) {
                throw BatchProblem.conflict("The baseline rules " + name + " of this job are no longer configured"
                        + "（该任务的基线规则 " + name + " 已不在配置中）");
            }
            throw BatchProblem.badRequest(List.of(new FieldError("baselineRules", "unknown baseline rules '" + name
                    + "'; configured: " + known, "没有名为“" + name + "”的基线规则，已配置的有：" + known)));
        }
        try {
            return Ruleset.load(dir);
        } catch (RulesetException e) {
            log.error("Baseline rules {} in {} do not load:\n{}", name, dir, e.getMessage());
            throw BatchProblem.unavailable("The baseline rules " + name + " do not load; the log lists the problems"
                    + "（基线规则 " + name + " 加载失败，详见日志）");
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove {}: {}", dir, e.toString());
        }
    }
}
