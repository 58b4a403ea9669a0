package cn.pzh.eligibility.store.cli;

import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import cn.pzh.eligibility.store.ReevaluationRunner;
import cn.pzh.eligibility.store.Reevaluations;
import cn.pzh.eligibility.store.Reevaluations.Run;
import cn.pzh.eligibility.store.StoreException;
import cn.pzh.eligibility.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reevaluate --db JDBC_URL --as-of D}: the service's re-evaluation run from the command line, on the same
 * tables, so its worklist is the service's to confirm. {@code --resume ID} continues a stopped run.
 */
@Command(name = "reevaluate", mixinStandardHelpOptions = true,
        description = "重新核定：按新的核定日期和现行规则重算登记簿中的每户（或某县区、乡镇），列出待遇有变化的家庭，供经办人员确认。")
final class ReevaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Db db;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "the new assessment date")
    String asOf;

    @Option(names = "--baseline-as-of", paramLabel = "YYYY-MM-DD",
            description = "compare with the facts evaluated at this date instead of each household's latest record")
    String baselineAsOf;

    @Option(names = "--county", description = "only this county（县区）")
    String county;

    @Option(names = "--township", description = "only this township（乡镇）")
    String township;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "rules directory (default: ./rules)")
    Path rules;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "continue a stopped run")
    Long resume;

    @Option(names = "--user", defaultValue = "cli", description = "who started the run (default: cli)")
    String user;

    @Option(names = "--threads", paramLabel = "N", description = "threads that evaluate (default: all cores)")
    Integer threads;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        LocalDate date;
        LocalDate base;
        if (resume == null && asOf == null) {
            err.println("--as-of YYYY-MM-DD is required（须指定 --as-of 新的核定日期）");
            return 2;
        }
        try {
            date = asOf == null ? null : LocalDate.parse(asOf);
            base = baselineAsOf == null ? null : LocalDate.parse(baselineAsOf);
        } catch (DateTimeParseException e) {
            err.println("--as-of / --baseline-as-of must be YYYY-MM-DD（日期格式应为 YYYY-MM-DD）");
            return 2;
        }
        if (threads != null && threads < 1) {
            err.println("--threads must be at least 1（--threads 至少为 1）");
            return 2;
        }
        if (!Files.isDirectory(rules)) {
            err.println("rules directory " + rules + " not found: give --rules DIR（找不到规则目录）");
            return 2;
        }
        Ruleset ruleset;
        try {
            ruleset = Ruleset.load(rules);
        } catch (RulesetException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            Store store = db.open();
            Reevaluations runs = store.reevaluations();
            long id;
            if (resume != null) {
                Run r = runs.require(resume);
                if (r.state() == Reevaluations.State.DONE) {
                    err.println("run " + resume + " is DONE（该重新核定已完成）");
                    return 2;
                }
                id = r.id();
            } else {
                id = runs.create(date, base, blank(county), blank(township), ruleset.version(), user).id();
            }
            Path work = Files.createTempDirectory("reevaluate-rulesets");
            long start = System.nanoTime();
            ReevaluationRunner runner = new ReevaluationRunner(store, ruleset, work);
            if (threads != null) {
                runner.threads(threads);
            }
            Run r = runner.run(id, () -> false, p -> err.println(
                    "run " + p.id() + ": " + p.processed() + "/" + p.households() + " households, " + p.changed()
                            + " changed, " + p.errors() + " errors"));
            double secs = (System.nanoTime() - start) / 1e9;
            out.println("reevaluation run " + r.id() + " " + r.state() + ": asOf " + r.asOf() + ", ruleset "
                    + r.rulesetVersion() + ", " + r.processed() + " households read, " + r.changed() + " changed, "
                    + r.errors() + " errors（读取 " + r.processed() + " 户，待遇变化 " + r.changed() + " 户，错误 "
                    + r.errors() + " 户）");
            out.println(String.format("%.1f households/s", r.processed() / Math.max(secs, 1e-9)));
            out.flush();
            return r.errors() > 0 ? 2 : 0;
        } catch (cn.pzh.eligibility.store.NotFoundException e) {
            err.println(e.getMessage() + "（" + e.messageZh() + "）");
            return 2;
        } catch (cn.pzh.eligibility.store.RegisterKeyException e) {
            err.println(e.getMessage()); // the keys do not fit the register: a configuration error, as bad input
            return 2;
        } catch (StoreException e) {
            err.println(e.getMessage());
            return 3;
        } catch (java.io.IOException e) {
            err.println("cannot create a work directory: " + e.getMessage());
            return 3;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
