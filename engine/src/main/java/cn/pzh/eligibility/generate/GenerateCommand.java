package cn.pzh.eligibility.generate;

import cn.pzh.eligibility.batch.CsvLayout;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.batch.WriteFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "生成模拟名册：按种子确定地生成逼真的家庭数据（JSON Lines 或 CSV），覆盖每项待遇、工作提示与边界情形，"
                + "用于测试、演示和性能测试。同样的参数总是生成同样的文件。")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--households", required = true, paramLabel = "N", description = "how many households")
    long households;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default: 1)")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "output file (default: standard output)")
    Path out;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|csv", description = "jsonl (default) or csv")
    String format;

    @Option(names = "--as-of", defaultValue = "2019-10-01", paramLabel = "DATE",
            description = "assessment date the boundaries are built around (default: 2019-10-01)")
    LocalDate asOf;

    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR",
            description = "rules directory, for the dibao standards at --as-of (default: ./rules; 610/410 if absent)")
    Path rules;

    @Option(names = "--bad-fraction", defaultValue = "0", paramLabel = "F",
            description = "fraction of lines made invalid on purpose, e.g. 0.01 (default: 0)")
    double badFraction;

    @Override
    public Integer call() throws IOException {
        BigDecimal urban = new BigDecimal("610");
        BigDecimal rural = new BigDecimal("410");
        if (Files.isDirectory(rules)) {
            Ruleset rs = Ruleset.load(rules);
            ParamValue u = rs.parameters().at(asOf).all().get("dibao.standard.urban");
            ParamValue r = rs.parameters().at(asOf).all().get("dibao.standard.rural");
            urban = u == null ? urban : u.decimal();
            rural = r == null ? rural : r.decimal();
        }
        boolean csv = format.equalsIgnoreCase("csv");
        if (!csv && !format.equalsIgnoreCase("jsonl")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be jsonl or csv");
        }
        HouseholdGenerator g = new HouseholdGenerator(seed, asOf, urban, rural, badFraction);
        String where = out == null ? "standard output" : out.toString();
        long[] flushed = {0};
        try {
            // Standard output is the command line's writer: a PrintWriter, whose write errors checkError() reveals.
            Writer w = out == null ? spec.commandLine().getOut() : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
            try {
                write(g, households, csv, w, flushed);
            } finally {
                if (out == null) {
                    flush(w);
                } else {
                    w.close();
                }
            }
        } catch (IOException e) {
            throw new WriteFailedException("error: " + where + " could not be written: " + e.getMessage() + "; "
                    + flushed[0] + " of " + households + " households were written completely, the file is incomplete"
                    + "（" + where + " 写入失败：" + households + " 户中只完整写出 " + flushed[0] + " 户，文件不完整）", e);
        }
        return 0;
    }

    /** Households between flushes: a write failure is then known within this many households. */
    private static final int FLUSH_EVERY = 1024;

    private static void flush(Writer w) throws IOException {
        w.flush();
        if (w instanceof PrintWriter pw && pw.checkError()) {
            throw new IOException("write failed");
        }
    }

    /** Writes {@code n} households; in CSV, a bad household is written as its valid rows with one cell spoiled. */
    public static void write(HouseholdGenerator g, long n, boolean csv, Writer w) throws IOException {
        write(g, n, csv, w, new long[1]);
    }

    /** {@code flushed[0]}: households written and flushed so far (what a write failure leaves complete). */
    private static void write(HouseholdGenerator g, long n, boolean csv, Writer w, long[] flushed) throws IOException {
        CsvLayout layout = CsvLayout.standard(CsvLayout.DEFAULT_INCOMES, CsvLayout.DEFAULT_MEDICAL);
        if (csv) {
            w.write(layout.headerLine());
            w.write('\n');
        }
        try {
            for (long i = 0; i < n; i++) {
                if (i > 0 && i % FLUSH_EVERY == 0) {
                    flush(w);
                    flushed[0] = i;
                }
                if (!csv) {
                    w.write(g.line(i));
                    w.write('\n');
                    continue;
                }
                var rows = layout.rows(g.household(i));
                for (int r = 0; r < rows.size(); r++) {
                    String row = rows.get(r);
                    if (r == 0 && g.isBad(i)) {
                        // a spoiled grade: not a whole number from 1 to 4
                        int col = layout.columns().indexOf("disabilityGrade");
                        String[] cells = row.split(",", -1);
                        cells[col] = "二级";
                        row = String.join(",", cells);
                    }
                    w.write(row);
                    w.write('\n');
                }
            }
            flush(w);
            flushed[0] = n;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
