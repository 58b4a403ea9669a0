package cn.pzh.eligibility.bench;

import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time per household of each stage of the pipeline on one thread: parse (JSON text to Household), evaluate (in
 * rule sessions of a given size, explanations included) and write (a determination to JSON bytes). Thread CPU time,
 * not wall clock: on a shared machine it says what a stage costs, whatever else runs. Warm-up rounds first.
 * The best round of the second half is the estimate: on a shared machine the others only add time.
 * Usage: java -cp bench/target/benchmarks.jar cn.pzh.eligibility.bench.StageCost RULES [HOUSEHOLDS] [SESSION] [ROUNDS]
 */
public final class StageCost {

    public static void main(String[] args) {
        Path rules = Path.of(args.length > 0 ? args[0] : "rules");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int session = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        LocalDate asOf = LocalDate.of(2019, 10, 1);
        Ruleset ruleset = Ruleset.load(rules);
        HouseholdGenerator g = new HouseholdGenerator(42, asOf, new BigDecimal("610"), new BigDecimal("410"), 0);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(g.line(i));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < rounds; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            List<Household> hs = new ArrayList<>(n);
            for (String l : lines) {
                hs.add(HouseholdReader.parse(l));
            }
            long t1 = mx.getCurrentThreadCpuTime();
            List<Evaluator.Outcome> outs = new ArrayList<>(n);
            for (int i = 0; i < n; i += session) {
                outs.addAll(ruleset.evaluateAll(hs.subList(i, Math.min(n, i + session)), asOf));
            }
            long t2 = mx.getCurrentThreadCpuTime();
            long bytes = 0;
            for (Evaluator.Outcome o : outs) {
                if (o.determination() != null) {
                    bytes += Json.MAPPER.writeValueAsBytes(o.determination()).length;
                }
            }
            long t3 = mx.getCurrentThreadCpuTime();
            sink += bytes;
            if (round >= rounds / 2) { // the first half warms up
                best[0] = Math.min(best[0], (t1 - t0) / 1e3 / n);
                best[1] = Math.min(best[1], (t2 - t1) / 1e3 / n);
                best[2] = Math.min(best[2], (t3 - t2) / 1e3 / n);
            }
            System.out.printf("round %d: parse %.1f µs, evaluate %.1f µs (sessions of %d), write %.1f µs per household;"
                    + " total %.1f µs = %.0f households/s per core; %.0f bytes/determination%n", round,
                    (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, session, (t3 - t2) / 1e3 / n, (t3 - t0) / 1e3 / n,
                    n / ((t3 - t0) / 1e9), (double) bytes / n);
        }
        System.out.printf("best of the last %d rounds: parse %.2f µs, evaluate %.2f µs, write %.2f µs, total %.2f µs"
                + " per household (%.0f households/s per core)%n", rounds - rounds / 2, best[0], best[1], best[2],
                best[0] + best[1] + best[2], 1e6 / (best[0] + best[1] + best[2]));
        if (sink == 42) {
            System.out.println();
        }
    }
}
