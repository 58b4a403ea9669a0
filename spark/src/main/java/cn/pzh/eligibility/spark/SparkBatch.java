package cn.pzh.eligibility.spark;

import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.batch.HouseholdComparison;
import cn.pzh.eligibility.batch.ImpactAggregate;
import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code eligibility batch} as a Spark job. Outputs under {@code out} (any Hadoop path):
 * <ul>
 * <li>{@code determinations/}: JSON Lines, one determination per household, byte for byte the CLI's line; the part
 * files in order are the input's order (no shuffle happens before they are written);</li>
 * <li>{@code entitlements/}: Parquet, one row per granted entitlement (householdId, memberId, code, costItem, amount,
 * period, clause, county);</li>
 * <li>{@code errors/}: JSON Lines, one line per field error: the CLI's error line with the input file first;</li>
 * <li>in a comparison, {@code diff/} (the CLI's {@code --diff} lines) and {@code report.html} (the CLI's report, its
 * numbers added up by Spark SQL).</li>
 * </ul>
 * Counts come from the written rows, not from accumulators (a retried task would count twice).
 */
public final class SparkBatch {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkBatch.class);

    private SparkBatch() {
    }

    private static long lap(String what, long since) {
        long now = System.nanoTime();
        LOG.info("{}: {} s", what, String.format(Locale.ROOT, "%.1f", (now - since) / 1e9));
        return now;
    }

    public enum Format { JSONL, PARQUET }

    /** A mistake in what the job was asked to do (a missing input…): reported as a message, exit code 2. */
    public static final class BadJobException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadJobException(String message) {
            super(message);
        }
    }

    /**
     * @param inputs        comma-separated Hadoop paths (files or directories)
     * @param baselineRules null: compare with the same rules at {@code baselineAsOf} (when that is set)
     * @param partitions    0: about 4 per core of the cluster, and splits of at most 64 MB
     * @param report        null: {@code out/report.html} when comparing
     */
    public record Options(String inputs, Format format, String out, Path rules, LocalDate asOf, Path baselineRules,
            LocalDate baselineAsOf, int chunk, int partitions, String report) {

        public boolean comparison() {
            return baselineRules != null || baselineAsOf != null;
        }
    }

    /** The CLI's closing account: households = written + errors. */
    public record Summary(long linesRead, long blankLines, long households, long written, long errors,
            long errorEntries, long changed, int partitions, double seconds) {

        public String describe() {
            return households + " households read (" + linesRead + " lines" + (blankLines > 0 ? ", " + blankLines
                    + " blank" : "") + "), " + written + " determinations written, " + errors + " with errors"
                    + ", " + changed + " changed（读入 " + households + " 户，输出核定结果 " + written + " 户，有错误 "
                    + errors + " 户（共 " + errorEntries + " 处错误））; " + partitions + " partitions, "
                    + String.format(Locale.ROOT, "%.1f s, %.0f households/s", seconds, households / Math.max(seconds, 1e-9));
        }
    }

    public static Summary run(SparkSession spark, Options o) {
        long start = System.nanoTime();
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        long size = inputSize(o.inputs(), hconf);
        Ruleset rules = Ruleset.load(o.rules());
        Ruleset base = o.baselineRules() != null ? Ruleset.load(o.baselineRules()) : o.comparison() ? rules : null;
        LocalDate baseDate = o.baselineAsOf() != null ? o.baselineAsOf() : o.asOf();
        long t = lap("rules loaded", start);
        Rulesets.ship(spark.sparkContext(), rules);
        if (base != null && base != rules) {
            Rulesets.ship(spark.sparkContext(), base);
        }

        Format format = o.format() != null ? o.format()
                : o.inputs().toLowerCase(Locale.ROOT).endsWith(".parquet") ? Format.PARQUET : Format.JSONL;
        int partitions = o.partitions() > 0 ? o.partitions()
                : (int) Math.max(4L * spark.sparkContext().defaultParallelism(), size / (64L << 20) + 1);
        long splitBytes = Math.max(1L << 16, size / partitions + 1);
        JavaRDD<Evaluation.Source> source;
        if (format == Format.PARQUET) {
            spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(splitBytes));
            source = Inputs.parquet(spark, o.inputs());
        } else {
            source = Inputs.jsonLines(spark, o.inputs(), splitBytes);
        }

        t = lap("input split and lines counted", t);
        Evaluation ev = new Evaluation(rules.version(), o.asOf(), base == null ? null : base.version(), baseDate,
                o.chunk());
        JavaRDD<Row> rows = source.mapPartitions(ev::rows, true);
        Dataset<Row> results = spark.createDataFrame(rows, Evaluation.RESULT).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            String out = o.out().endsWith("/") ? o.out().substring(0, o.out().length() - 1) : o.out();
            Dataset<Row> ok = results.filter("kind = 'OK'");
            ok.select("determination").write().mode(SaveMode.Overwrite).text(out + "/determinations");
            t = lap("households evaluated, determinations written", t);
            ok.select(functions.explode(functions.col("entitlements")).as("e")).select("e.*").write()
                    .mode(SaveMode.Overwrite).parquet(out + "/entitlements");
            results.filter("kind = 'ERROR'").select(functions.explode(functions.col("errors"))).write()
                    .mode(SaveMode.Overwrite).text(out + "/errors");
            if (base != null) {
                results.filter("diff IS NOT NULL").select("diff").write().mode(SaveMode.Overwrite).text(out + "/diff");
            }
            t = lap("entitlements, errors and diff written", t);
            Row c = results.selectExpr("count(*)", "count_if(kind = 'BLANK')", "count_if(kind = 'OK')",
                    "count_if(kind = 'ERROR')", "coalesce(sum(size(errors)), 0)",
                    "count_if(impact IS NOT NULL AND impact.changed)").first();
            long households = c.getLong(0) - c.getLong(1);
            if (base != null) {
                ImpactAggregate agg = ImpactSql.aggregate(spark, results, rules.codes());
                RulesetDiff rd = RulesetDiff.of(base, baseDate, rules, o.asOf());
                String inputName = new org.apache.hadoop.fs.Path(Inputs.list(o.inputs()).get(0)).getName();
                BatchOptions bo = BatchOptions.builder(Path.of(inputName), Path.of("determinations"), rules, o.asOf())
                        .baseline(o.baselineRules() != null ? base : null).baselineAsOf(o.baselineAsOf())
                        .diff(Path.of("diff")).build();
                String html = HouseholdComparison.reportHtml(agg, rd, bo, households, c.getLong(3));
                write(o.report() != null ? o.report() : out + "/report.html", html, hconf);
                lap("impact aggregated and report written", t);
            }
            return new Summary(c.getLong(0), c.getLong(1), households, c.getLong(2), c.getLong(3), c.getLong(4),
                    c.getLong(5), rows.getNumPartitions(), (System.nanoTime() - start) / 1e9);
        } finally {
            results.unpersist();
        }
    }

    private static long inputSize(String inputs, Configuration conf) {
        long size = 0;
        try {
            for (String p : Inputs.list(inputs)) {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(p);
                FileSystem fs = path.getFileSystem(conf);
                if (!fs.exists(path)) {
                    throw new BadJobException(p + ": input not found（找不到输入文件）");
                }
                size += fs.getContentSummary(path).getLength();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return size;
    }

    private static void write(String file, String text, Configuration conf) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
        try {
            FileSystem fs = p.getFileSystem(conf);
            try (OutputStream os = fs.create(p, true)) {
                os.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> outputs() {
        return List.of("determinations", "entitlements", "errors", "diff", "report.html");
    }
}
