package cn.pzh.eligibility.service.reeval;

import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.store.ReevaluationRunner;
import cn.pzh.eligibility.store.Reevaluations;
import cn.pzh.eligibility.store.Reevaluations.Run;
import cn.pzh.eligibility.store.Reevaluations.State;
import cn.pzh.eligibility.store.Store;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs re-evaluations as jobs on a bounded executor (one at a time, a few waiting; more are refused with 503, as the
 * register's database and the two cores are shared with caseworkers). Runs that a stop or crash left QUEUED or
 * RUNNING are STOPPED at start; {@link #resume} continues them after the last stored chunk.
 */
public class ReevaluationService {

    private static final Logger log = LoggerFactory.getLogger(ReevaluationService.class);

    private final Store store;
    private final RulesetHolder rulesets;
    private final Path rulesetWorkDir;
    private final ThreadPoolExecutor executor;
    private final Map<Long, AtomicBoolean> stops = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    private final int threads;

    public ReevaluationService(Store store, RulesetHolder rulesets, Path rulesetWorkDir, int queue, int threads) {
        this.threads = threads;
        this.store = store;
        this.rulesets = rulesets;
        this.rulesetWorkDir = rulesetWorkDir;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "reevaluation");
            t.setDaemon(true);
            return t;
        });
        for (Run r : store.reevaluations().list(1000)) {
            if (r.state() == State.QUEUED || r.state() == State.RUNNING) {
                store.reevaluations().state(r.id(), State.STOPPED, true);
                log.warn("Re-evaluation run {} was {} when the service stopped: now STOPPED, resumable", r.id(),
                        r.state());
            }
        }
    }

    public Run start(LocalDate asOf, LocalDate baselineAsOf, String county, String township, String user) {
        if (stopping) {
            throw ReevalProblem.unavailable("The service is stopping（服务正在停止）");
        }
        Ruleset rules = rulesets.require();
        Run run = store.reevaluations().create(asOf, baselineAsOf, county, township, rules.version(), user);
        submit(run.id(), rules);
        log.info("Re-evaluation run {} queued: asOf {}, ruleset {}", run.id(), asOf, rules.version());
        return store.reevaluations().require(run.id());
    }

    /** Continues a STOPPED or FAILED run under the same ruleset version. */
    public Run resume(long runId) {
        Run run = store.reevaluations().require(runId);
        if (run.state() != State.STOPPED && run.state() != State.FAILED) {
            throw ReevalProblem.conflict("Run " + runId + " is " + run.state() + "; only a STOPPED or FAILED run can be"
                    + " resumed（只有已停止或失败的重新核定可以继续）");
        }
        Ruleset rules = rulesets.require();
        if (!rules.version().equals(run.rulesetVersion())) {
            throw ReevalProblem.conflict("Run " + runId + " was started under ruleset " + run.rulesetVersion()
                    + " and the service now has " + rules.version() + "（规则已更换，请重新发起）");
        }
        store.reevaluations().state(runId, State.QUEUED, false);
        submit(runId, rules);
        return store.reevaluations().require(runId);
    }

    /** Asks a running run to stop at its next chunk. */
    public Run stop(long runId) {
        Run run = store.reevaluations().require(runId);
        AtomicBoolean flag = stops.get(runId);
        if (flag == null) {
            throw ReevalProblem.conflict("Run " + runId + " is " + run.state() + ", not running（该重新核定未在运行）");
        }
        flag.set(true);
        return run;
    }

    private void submit(long runId, Ruleset rules) {
        AtomicBoolean stop = new AtomicBoolean();
        stops.put(runId, stop);
        try {
            executor.execute(() -> {
                try {
                    new ReevaluationRunner(store, rules, rulesetWorkDir).threads(threads).run(runId,
                            () -> stop.get() || stopping, r -> { });
                    log.info("Re-evaluation run {} ended", runId);
                } catch (RuntimeException e) {
                    // The message names ids and kinds only (the runner and the store see to that).
                    log.error("Re-evaluation run {} failed: {}", runId, e.getClass().getSimpleName());
                } finally {
                    stops.remove(runId);
                }
            });
        } catch (RejectedExecutionException e) {
            stops.remove(runId);
            store.reevaluations().state(runId, State.STOPPED, true);
            throw ReevalProblem.unavailable("Too many re-evaluations waiting; run " + runId
                    + " is STOPPED and can be resumed later（等待中的重新核定过多，可稍后继续）");
        }
    }

    @PreDestroy
    public void close() {
        stopping = true;
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Reevaluations runs() {
        return store.reevaluations();
    }
}
