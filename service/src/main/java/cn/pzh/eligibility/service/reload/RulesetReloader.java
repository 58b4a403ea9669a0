package cn.pzh.eligibility.service.reload;

import cn.pzh.eligibility.batch.BatchException;
import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.batch.BatchRunner;
import cn.pzh.eligibility.batch.BatchSummary;
import cn.pzh.eligibility.batch.Checkpoint;
import cn.pzh.eligibility.batch.ImpactAggregate;
import cn.pzh.eligibility.check.Checker;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.reload.ReloadReport.FailedCase;
import cn.pzh.eligibility.service.reload.ReloadReport.Outcome;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Builds a candidate ruleset beside the one in service and swaps it in only when it compiles, {@code check} finds
 * no error, every test-case passes and (with a reference caseload) the impact comparison ran. Otherwise the old
 * ruleset keeps serving and the report says why. One reload at a time: the API and the file watcher queue on one
 * lock, so two candidates can never race to the swap.
 */
@Service
public class RulesetReloader implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RulesetReloader.class);

    /** Told after a swap; the ruleset's directory is its snapshot, which stays until the next swap. */
    public record RulesetSwapped(Ruleset ruleset) {
    }

    private final RulesetHolder holder;
    private final ApplicationEventPublisher events;
    private final Path rulesDir;
    private final Path casesDir;
    private final Path referenceCaseload;
    private final LocalDate fixedAsOf;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final AtomicReference<ReloadReport> last = new AtomicReference<>();
    private final AtomicReference<ReloadReport> lastPublish = new AtomicReference<>();

    public RulesetReloader(RulesetHolder holder, ApplicationEventPublisher events,
            @Value("${cases.dir:test-cases}") String casesDir,
            @Value("${reload.reference-caseload:}") String referenceCaseload,
            @Value("${reload.as-of:}") String asOf) {
        this.holder = holder;
        this.events = events;
        this.rulesDir = holder.state().directory();
        this.casesDir = Path.of(casesDir).toAbsolutePath().normalize();
        this.referenceCaseload = referenceCaseload.isBlank() ? null
                : Path.of(referenceCaseload).toAbsolutePath().normalize();
        this.fixedAsOf = asOf.isBlank() ? null : LocalDate.parse(asOf.strip());
    }

    public Path rulesDir() {
        return rulesDir;
    }

    public Path casesDir() {
        return casesDir;
    }

    /** The last reload attempt (dry runs included), or null when none was made since the service started. */
    public ReloadReport last() {
        return last.get();
    }

    /**
     * The latest real (not dry-run) reload if it was refused: what the page's banner shows until a later reload
     * publishes or finds the files back to the version in service.
     */
    public ReloadReport lastRefused() {
        ReloadReport r = lastPublish.get();
        return r != null && r.refused() ? r : null;
    }

    public Path referenceCaseload() {
        return referenceCaseload;
    }

    public ReloadReport reload(boolean dryRun, String trigger, String requestedBy) {
        lock.lock();
        try {
            ReloadReport report = attempt(dryRun, trigger, requestedBy);
            last.set(report);
            if (!dryRun) {
                lastPublish.set(report);
            }
            if (report.refused()) {
                log.warn("Reload ({}) refused in {} ms: {}", trigger, report.durationMs(), report.message());
            } else {
                log.info("Reload ({}) in {} ms: {}", trigger, report.durationMs(), report.message());
            }
            return report;
        } finally {
            lock.unlock();
        }
    }

    private ReloadReport attempt(boolean dryRun, String trigger, String requestedBy) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Ruleset serving = holder.current().orElse(null);
        String previous = serving == null ? null : serving.version();
        Path snapshot = RulesSnapshots.take(rulesDir);
        boolean keepSnapshot = false;
        try {
            List<Problem> problems = new ArrayList<>();
            Ruleset candidate = null;
            try {
                candidate = Ruleset.load(snapshot);
            } catch (RulesetException e) {
                problems.addAll(e.problems());
            } catch (RuntimeException e) {
                problems.add(Problem.error(snapshot.toString(), 0, String.valueOf(e.getMessage())));
            }
            if (candidate != null) {
                // Compile errors already came from the load; check adds what compiles but is still wrong.
                problems.addAll(Checker.checkLoaded(snapshot));
            }
            problems = dedupe(RulesSnapshots.relocate(problems, snapshot, rulesDir));

            List<FailedCase> failed = new ArrayList<>();
            int casesRun = 0;
            if (candidate != null) {
                if (Files.isDirectory(casesDir)) {
                    for (Path f : TestCaseRunner.find(casesDir)) {
                        String shown = casesDir.relativize(f).toString().replace('\\', '/');
                        TestCaseRunner.Result r = TestCaseRunner.run(candidate, f, shown);
                        casesRun++;
                        if (!r.passed()) {
                            failed.add(new FailedCase(r.file(), r.name(), r.failures()));
                        }
                    }
                } else {
                    problems.add(Problem.error(casesDir.toString(), 0,
                            "test-cases directory not found（找不到测试案例目录）"));
                }
            }

            Impact impact = null;
            if (candidate != null && serving != null && referenceCaseload != null) {
                try {
                    impact = impact(serving, candidate);
                } catch (RuntimeException e) {
                    problems.add(Problem.error(referenceCaseload.toString(), 0,
                            "the impact comparison did not run: " + e.getMessage() + "（影响测算未能完成）"));
                }
            }

            boolean passes = candidate != null && !Checker.hasErrors(problems) && failed.isEmpty();
            Outcome outcome;
            String serves = previous;
            if (!passes) {
                outcome = dryRun ? Outcome.WOULD_REFUSE : Outcome.REFUSED;
            } else if (candidate.version().equals(previous)) {
                outcome = Outcome.UNCHANGED;
            } else if (dryRun) {
                outcome = Outcome.WOULD_SWAP;
            } else {
                Ruleset replaced = holder.swap(candidate);
                keepSnapshot = true;
                // Requests still holding the replaced ruleset only evaluate, which reads no files.
                if (replaced != null && RulesSnapshots.isSnapshot(replaced.directory())) {
                    RulesSnapshots.delete(replaced.directory());
                }
                serves = candidate.version();
                outcome = Outcome.SWAPPED;
                events.publishEvent(new RulesetSwapped(candidate));
            }
            String candidateVersion = candidate == null ? null : candidate.version();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new ReloadReport(outcome, dryRun, trigger, requestedBy, started, ms, serves, previous,
                    candidateVersion, problems, casesRun, List.copyOf(failed), impact,
                    message(outcome, problems, failed, casesRun, previous, candidateVersion, impact));
        } finally {
            if (!keepSnapshot) {
                RulesSnapshots.delete(snapshot);
            }
        }
    }

    /** The serving ruleset's snapshot outlives every swap but the last; it goes when the service stops. */
    @Override
    public void destroy() {
        lock.lock();
        try {
            holder.current().map(Ruleset::directory).filter(RulesSnapshots::isSnapshot)
                    .ifPresent(RulesSnapshots::delete);
        } finally {
            lock.unlock();
        }
    }

    private Impact impact(Ruleset serving, Ruleset candidate) {
        LocalDate asOf = fixedAsOf != null ? fixedAsOf : AssessmentDates.today();
        Path work = null;
        try {
            work = Files.createTempDirectory("eligibility-impact-");
            Path out = work.resolve("determinations.jsonl");
            // One worker: the comparison must not starve the determinations being served meanwhile.
            BatchOptions o = BatchOptions.builder(referenceCaseload, out, candidate, asOf)
                    .baseline(serving).diff(work.resolve("diff.jsonl")).threads(1).build();
            BatchSummary s = BatchRunner.run(o, null);
            // The summary has the counts; the money sums are in the finished run's checkpoint.
            Checkpoint cp = Json.MAPPER.readValue(Files.readAllBytes(o.checkpoint()), Checkpoint.class);
            ImpactAggregate a = cp.aggregate;
            Impact.Cost monthly = Impact.Cost.of(a.before.monthly, a.after.monthly);
            Impact.Cost annual = Impact.Cost.of(a.before.annual, a.after.annual);
            Impact.Cost oneOff = Impact.Cost.of(a.before.oneOff, a.after.oneOff);
            Impact.Cost annualized = Impact.Cost.of(a.before.annualized(), a.after.annualized());
            String zh = "参照案卷 " + s.households() + " 户（核定日期 " + asOf + "，有错误 " + s.errors() + " 户），待遇有变化 "
                    + a.changed + " 户；每月金额 " + monthly.before().toPlainString() + " → "
                    + monthly.after().toPlainString() + " 元（" + signed(monthly.difference()) + "），折合全年 "
                    + annualized.before().toPlainString() + " → " + annualized.after().toPlainString() + " 元（"
                    + signed(annualized.difference()) + "）";
            return new Impact(referenceCaseload.getFileName().toString(), asOf, s.households(), a.households,
                    s.errors(), a.changed, a.gaining, a.losing, a.changing, monthly, annual, oneOff, annualized, zh);
        } catch (IOException e) {
            throw new BatchException(e.getMessage(), e);
        } finally {
            RulesSnapshots.delete(work);
        }
    }

    private static String signed(java.math.BigDecimal d) {
        return (d.signum() > 0 ? "+" : "") + d.toPlainString();
    }

    private static List<Problem> dedupe(List<Problem> problems) {
        return problems.stream().distinct().toList();
    }

    private static String message(Outcome outcome, List<Problem> problems, List<FailedCase> failed, int casesRun,
            String previous, String candidate, Impact impact) {
        long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.error).count();
        StringBuilder b = new StringBuilder();
        switch (outcome) {
            case SWAPPED -> b.append("新规则集 ").append(candidate).append(" 已启用（原版本 ").append(previous).append("）");
            case UNCHANGED -> b.append("规则文件未变，继续使用版本 ").append(previous);
            case WOULD_SWAP -> b.append("试运行：新规则集 ").append(candidate).append(" 可以启用，未作替换");
            case REFUSED -> b.append("新规则未启用，继续使用版本 ").append(previous == null ? "（无）" : previous);
            case WOULD_REFUSE -> b.append("试运行：新规则不能启用");
        }
        if (errors > 0) {
            b.append("；规则检查发现 ").append(errors).append(" 处错误");
        }
        if (!failed.isEmpty()) {
            b.append("；测试案例未通过 ").append(failed.size()).append(" 个（共 ").append(casesRun).append(" 个）");
        } else if (casesRun > 0) {
            b.append("；测试案例全部通过（").append(casesRun).append(" 个）");
        }
        if (impact != null) {
            b.append("；").append(impact.summaryZh());
        }
        return b.toString();
    }
}
