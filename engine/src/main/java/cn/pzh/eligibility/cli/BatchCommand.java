package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.batch.BatchException;
import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.batch.BatchRunner;
import cn.pzh.eligibility.batch.BatchSummary;
import cn.pzh.eligibility.batch.ConsoleProgress;
import cn.pzh.eligibility.batch.WriteFailedException;

import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "批量核定：逐户核定整个名册文件（JSON Lines 或 CSV），按输入顺序输出核定结果；"
                + "加 --baseline-rules 或 --baseline-as-of 时同时按基线核定，输出逐户差异与影响测算报告。"
                + "%nExit codes: 0 all households determined; 2 some households had errors (see --errors) or bad options;"
                + " 3 an output could not be written (disk full): the message says what was written, --resume continues.")
public final class BatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "households: JSON Lines, or CSV (docs/batch.md)")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "determinations, JSON Lines, in input order")
    Path out;

    @Option(names = "--format", paramLabel = "jsonl|csv", description = "input format (default: by extension, .csv is CSV)")
    String format;

    @Option(names = "--as-of", paramLabel = "DATE", description = "assessment date YYYY-MM-DD (default: today)")
    LocalDate asOf;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "rules directory (default: ./rules)")
    Path rules;

    @Option(names = "--errors", paramLabel = "FILE", description = "bad households, one JSON line per field error (default: OUT.errors.jsonl)")
    Path errors;

    @Option(names = "--resume", description = "continue an interrupted run from its checkpoint (OUT.checkpoint)")
    boolean resume;

    @Option(names = "--baseline-rules", paramLabel = "DIR", description = "compare with this (older) ruleset")
    Path baselineRules;

    @Option(names = "--baseline-as-of", paramLabel = "DATE", description = "compare with this assessment date")
    LocalDate baselineAsOf;

    @Option(names = "--diff", paramLabel = "FILE", description = "one JSON line per household whose entitlements changed")
    Path diff;

    @Option(names = "--report", paramLabel = "FILE.html", description = "impact report in Chinese, self-contained HTML")
    Path report;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "256", description = "households per work unit (default: 256)")
    int chunk;

    @Option(names = "--checkpoint-every", paramLabel = "MS", defaultValue = "1000",
            description = "milliseconds between checkpoints; 0: after every chunk (default: 1000)")
    long checkpointMillis;

    @Option(names = "--log-every", paramLabel = "S", defaultValue = "10",
            description = "seconds between progress lines when not on a terminal (default: 10)")
    long logEvery;

    @Option(names = "--no-rules", hidden = true,
            description = "benchmark floor: read, validate and write each household back, evaluate nothing")
    boolean noRules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate date = asOf != null ? asOf : LocalDate.now(Main.PANZHIHUA);
        boolean comparison = baselineRules != null || baselineAsOf != null;
        if (!comparison && (diff != null || report != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff and --report need --baseline-rules or"
                    + " --baseline-as-of（--diff 与 --report 需要指定基线规则或基线日期）");
        }
        BatchOptions.Format f = null;
        if (format != null) {
            try {
                f = BatchOptions.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be jsonl or csv（格式应为 jsonl 或 csv）");
            }
        }
        Ruleset ruleset = noRules ? null : Ruleset.load(rules);
        Ruleset baseline = baselineRules == null ? null : Ruleset.load(baselineRules);
        BatchOptions.Builder b = BatchOptions.builder(in, this.out, ruleset, date).format(f).errors(errors)
                .resume(resume).baseline(baseline).baselineAsOf(baselineAsOf).diff(diff).report(report)
                .chunkSize(chunk).checkpointInterval(Duration.ofMillis(checkpointMillis))
                .mode(noRules ? BatchOptions.Mode.COPY : BatchOptions.Mode.EVALUATE).removeCheckpointWhenDone(true);
        if (threads != null) {
            b.threads(threads);
        }
        if (noRules && comparison) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--no-rules cannot compare");
        }
        BatchSummary s;
        try {
            s = BatchRunner.run(b.build(), new ConsoleProgress(err, System.console() != null, Duration.ofSeconds(logEvery)));
        } catch (WriteFailedException e) {
            err.println(e.getMessage());
            return 3;
        } catch (BatchException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.println(s.describe());
        if (s.errors() > 0) {
            out.println("errors: " + s.errorsFile() + "（错误清单）");
        }
        if (s.diff() != null) {
            out.println("diff: " + s.diff());
        }
        if (s.report() != null) {
            out.println("report: " + s.report());
        }
        out.flush();
        return s.errors() > 0 ? 2 : 0;
    }
}
