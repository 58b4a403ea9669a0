package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.rules.RulesetException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tool. Exit codes: 0 done; 1 test-cases failed or check found errors; 2 bad input, bad rules or a bad command line
 * (the message says which file, line or field); 3 an output could not be written (disk full, device error): the
 * message says which output and how much of it was written, and the output is incomplete.
 */
@Command(name = "eligibility", mixinStandardHelpOptions = true, version = "eligibility 0.1",
        description = "攀枝花社会救助待遇核定：按规则文件核定家庭的待遇，批量重新核定与政策变化影响分析，运行测试案例，检查规则，生成规则手册。",
        subcommands = {EvaluateCommand.class, TestCommand.class, CheckCommand.class, DocsCommand.class,
                BatchCommand.class, cn.pzh.eligibility.generate.GenerateCommand.class})
public final class Main {

    /** "Today" is a date in Panzhihua, whatever the machine's time zone. */
    public static final java.time.ZoneId PANZHIHUA = java.time.ZoneId.of("Asia/Shanghai");

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    /** An output could not be written: what is on disk is incomplete, whatever the households were. */
    public static final int WRITE_FAILED = 3;

    static final String RULES_HINT = "; run from the project folder or give the rules directory with --rules DIR"
            + "（请在项目目录下运行，或用 --rules 指定规则目录）";

    /** Standard input of this run: JSON Lines for {@code evaluate --jsonl}. */
    InputStream in = System.in;

    public static void main(String[] args) {
        // Not System.out: a PrintStream swallows write errors, so a full disk would look like success.
        System.exit(run(System.in, new FileOutputStream(FileDescriptor.out), System.err, args));
    }

    /** Runs one command with the given streams; returns the exit code. */
    public static int run(InputStream in, OutputStream out, OutputStream err, String... args) {
        Main main = new Main();
        main.in = in;
        CommandLine cl = new CommandLine(main);
        cn.pzh.eligibility.batch.CheckedOutputStream checkedOut = new cn.pzh.eligibility.batch.CheckedOutputStream(out);
        main.out = checkedOut;
        cl.registerConverter(LocalDate.class, Main::date);
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(checkedOut, StandardCharsets.UTF_8), true);
        cl.setOut(stdout);
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            // Everything a user can get wrong arrives here as a message, never as a stack trace.
            if (ex instanceof RulesetException re) {
                re.problems().forEach(p -> line.getErr().println(p + (rulesDirectoryMissing(p) ? RULES_HINT : "")));
                line.getErr().println("the rules cannot be loaded（规则无法加载）");
            } else if (ex instanceof cn.pzh.eligibility.batch.WriteFailedException) {
                line.getErr().println(ex.getMessage());
                return WRITE_FAILED;
            } else if (ex instanceof IOException || ex instanceof java.io.UncheckedIOException) {
                line.getErr().println("error: a file could not be read or written（文件读写失败）: " + ex.getMessage());
                return WRITE_FAILED;
            } else if (ex instanceof UserError) {
                line.getErr().println(ex.getMessage());
            } else {
                line.getErr().println("error: " + ex);
                return FAILED;
            }
            return BAD_INPUT;
        });
        for (CommandLineExtension x : java.util.ServiceLoader.load(CommandLineExtension.class)) {
            x.extend(cl);
        }
        int code = cl.execute(args);
        if (stdout.checkError() && code != WRITE_FAILED) {
            // The command finished but its standard output did not all reach its destination.
            cl.getErr().println("error: standard output could not be written" + checkedOut.reason()
                    + "; what it received is incomplete（标准输出写入失败，输出不完整）");
            return WRITE_FAILED;
        }
        return code;
    }

    static boolean rulesDirectoryMissing(cn.pzh.eligibility.params.Problem p) {
        return p.line() == 0 && p.message().startsWith("rules directory not found");
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s)
                    + "' is not a date as YYYY-MM-DD（日期格式应为 YYYY-MM-DD，且须是真实日期，例如 2019-10-01）");
        }
    }

    /** Standard output of this run, as bytes: commands that stream check {@link CheckedOutputStream#failed()}. */
    cn.pzh.eligibility.batch.CheckedOutputStream out;


    /** A problem with what the user gave, already worded for them. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
