package cn.pzh.eligibility.spark;

import cn.pzh.eligibility.rules.RulesetException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar eligibility-spark.jar --in … --out …} (local mode, all cores) or the same arguments after
 * {@code spark-submit … eligibility-spark-cluster.jar} (the master and resources come from spark-submit).
 */
@Command(name = "eligibility-spark", mixinStandardHelpOptions = true,
        description = "Evaluates a caseload on Spark, as `eligibility batch` does (分布式批量核定)")
public final class Main implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "PATH[,PATH…]",
            description = "households: JSON Lines or Parquet files or directories, any Hadoop path")
    String in;

    @Option(names = "--format", paramLabel = "jsonl|parquet", description = "input format (default: .parquet → Parquet)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output directory: determinations/, entitlements/, errors/, diff/, report.html")
    String out;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "rules directory (default: ./rules)")
    Path rules;

    @Option(names = "--as-of", paramLabel = "DATE", description = "assessment date YYYY-MM-DD (default: today in Panzhihua)")
    LocalDate asOf;

    @Option(names = "--baseline-rules", paramLabel = "DIR", description = "compare with this (older) ruleset")
    Path baselineRules;

    @Option(names = "--baseline-as-of", paramLabel = "DATE", description = "compare with this assessment date")
    LocalDate baselineAsOf;

    @Option(names = "--report", paramLabel = "FILE.html", description = "impact report (default: OUT/report.html)")
    String report;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "256", description = "households per rule session (default: 256)")
    int chunk;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "input partitions (default: 4 per core, splits of at most 64 MB)")
    int partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when spark-submit gave none (default: local[*])")
    String master;

    @Override
    public Integer call() {
        if (chunk < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--chunk must be at least 1");
        }
        SparkBatch.Format f = null;
        if (format != null) {
            try {
                f = SparkBatch.Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--format must be jsonl or parquet（格式应为 jsonl 或 parquet）");
            }
        }
        LocalDate date = asOf != null ? asOf : LocalDate.now(ZoneId.of("Asia/Shanghai"));
        SparkConf conf = new SparkConf().setAppName("eligibility-batch");
        if (!conf.contains("spark.master")) {
            conf.setMaster(master != null ? master : "local[*]");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            SparkBatch.Summary s = SparkBatch.run(spark, new SparkBatch.Options(in, f, out, rules, date, baselineRules,
                    baselineAsOf, chunk, partitions, report));
            System.out.println(s.describe());
            return s.errors() > 0 ? 2 : 0;
        } catch (RulesetException | SparkBatch.BadJobException e) {
            System.err.println(e.getMessage());
            return 2;
        } finally {
            spark.stop();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
