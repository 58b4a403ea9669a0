package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates the households of concurrent single requests together. A rule session costs about as much to set up as
 * a household costs to evaluate, so a household alone in its session costs two to three times what it costs among
 * others. Requests that arrive while every core is busy wait in a queue; the next thread to find a core free takes
 * what is queued (up to {@link #MOST} households, grouped by ruleset and date) into one session, and each request
 * gets its own outcome. Nothing waits for company: a request that finds a core free is evaluated at once, so a quiet
 * service answers as fast as before and a busy one spends less per household.
 *
 * <p>At most {@code cores} threads evaluate at once; the others only wait for their own answer.
 */
public final class CoalescingEvaluator {

    /** Households in one session at most: more adds latency to the first of them for little saving. */
    static final int MOST = 32;

    private record Pending(Ruleset ruleset, Household household, LocalDate asOf,
            CompletableFuture<Determination> answer) {
    }

    private record Group(Ruleset ruleset, LocalDate asOf) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger evaluating = new AtomicInteger();
    private final int cores;

    public CoalescingEvaluator(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1");
        }
        this.cores = cores;
    }

    /** Like {@link Ruleset#evaluate}, with the same exceptions for a bad household or a rule failure. */
    public Determination evaluate(Ruleset ruleset, Household household, LocalDate asOf) {
        Pending mine = new Pending(ruleset, household, asOf, new CompletableFuture<>());
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.answer().isDone()) {
            if (takeCore()) {
                try {
                    drain();
                } finally {
                    evaluating.decrementAndGet();
                }
                // a request queued after the last look and before the core was given back need not wait for a poll
                while (!queue.isEmpty() && takeCore()) {
                    try {
                        drain();
                    } finally {
                        evaluating.decrementAndGet();
                    }
                }
            } else {
                try {
                    // Another thread holds the core and will answer this request, or a core frees up soon.
                    return mine.answer().get(2, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // look again: a core may be free and this request still queued
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            return mine.answer().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw e;
        }
    }

    private boolean takeCore() {
        while (true) {
            int n = evaluating.get();
            if (n >= cores) {
                return false;
            }
            if (evaluating.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Evaluates what is queued now, one session per ruleset and date, until the queue is empty. */
    private void drain() {
        while (true) {
            List<Pending> taken = new ArrayList<>(MOST);
            Pending p;
            while (taken.size() < MOST && (p = queue.poll()) != null) {
                taken.add(p);
            }
            if (taken.isEmpty()) {
                return;
            }
            Map<Group, List<Pending>> groups = new LinkedHashMap<>();
            for (Pending t : taken) {
                groups.computeIfAbsent(new Group(t.ruleset(), t.asOf()), g -> new ArrayList<>()).add(t);
            }
            for (Map.Entry<Group, List<Pending>> g : groups.entrySet()) {
                evaluate(g.getKey(), g.getValue());
            }
        }
    }

    private static void evaluate(Group group, List<Pending> pending) {
        try {
            List<Household> households = new ArrayList<>(pending.size());
            for (Pending p : pending) {
                households.add(p.household());
            }
            List<Evaluator.Outcome> outcomes = group.ruleset().evaluateAll(households, group.asOf());
            for (int i = 0; i < pending.size(); i++) {
                Evaluator.Outcome o = outcomes.get(i);
                if (o.determination() != null) {
                    pending.get(i).answer().complete(o.determination());
                } else {
                    pending.get(i).answer().completeExceptionally(Objects.requireNonNull(o.error()));
                }
            }
        } catch (RuntimeException | Error e) {
            // not any one household's fault: each request gets the failure rather than waiting for ever
            for (Pending p : pending) {
                p.answer().completeExceptionally(e);
            }
        }
    }
}
