package cn.pzh.eligibility.bench;

import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine core: generated households, parsed before the measurement, evaluated (explanations included, as in
 * every determination) in rule sessions of {@code session} households. One operation is one household, so the
 * score is households per second per thread; run with {@code -t 1} and {@code -t 2} (bench/jmh.sh does both).
 * {@code write} also serialises each determination to JSON, as batch does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class EngineBenchmark {

    /** Households evaluated per benchmark call, in sessions of {@link #session}. */
    static final int PER_CALL = 1000;
    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);

    @Param({"1", "50", "200", "1000"})
    public int session;

    @Param("rules")
    public String rules;

    Ruleset ruleset;
    List<Household> households;

    @Setup
    public void setUp() {
        ruleset = Ruleset.load(Path.of(rules));
        // the generator's standards only place incomes around the thresholds; they are not the rules' values
        HouseholdGenerator g = new HouseholdGenerator(42, AS_OF, new BigDecimal("610"), new BigDecimal("410"), 0);
        households = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            households.add(HouseholdReader.parse(g.line(i)));
        }
    }

    /** Where each thread is in the caseload: threads take different households. */
    @State(Scope.Thread)
    public static class Cursor {
        int at;

        @Setup(Level.Iteration)
        public void start() {
            at = (int) (Thread.currentThread().getId() * 7919) % 20_000;
        }
    }

    @Benchmark
    @OperationsPerInvocation(PER_CALL)
    public void evaluate(Cursor c, Blackhole bh) {
        for (int done = 0; done < PER_CALL; done += session) {
            for (Evaluator.Outcome o : ruleset.evaluateAll(next(c, session), AS_OF)) {
                bh.consume(o.determination());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(PER_CALL)
    public void evaluateAndWrite(Cursor c, Blackhole bh) {
        for (int done = 0; done < PER_CALL; done += session) {
            for (Evaluator.Outcome o : ruleset.evaluateAll(next(c, session), AS_OF)) {
                bh.consume(Json.MAPPER.writeValueAsBytes(o.determination()));
            }
        }
    }

    private List<Household> next(Cursor c, int n) {
        if (c.at + n > households.size()) {
            c.at = 0;
        }
        List<Household> l = households.subList(c.at, c.at + n);
        c.at += n;
        return l;
    }
}
