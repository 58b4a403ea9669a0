package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.rules.RulesetException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tool. Exit codes: 0 done; 1 test-cases failed or check found errors; 2 bad input, bad rules or a bad command line
 * (the message says which file, line or field).
 */
@Command(name = "eligibility", mixinStandardHelpOptions = true, version = "eligibility 0.1",
        description = "攀枝花社会救助待遇核定：按规则文件核定家庭的待遇，批量重新核定与政策变化影响分析，运行测试案例，检查规则，生成规则手册。",
        subcommands = {EvaluateCommand.class, TestCommand.class, CheckCommand.class, DocsCommand.class,
                cn.pzh.eligibility.batch.BatchCommand.class, cn.pzh.eligibility.generate.GenerateCommand.class})
public final class Main {

    /** "Today" is a date in Panzhihua, whatever the machine's time zone. */
    public static final java.time.ZoneId PANZHIHUA = java.time.ZoneId.of("Asia/Shanghai");

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    /** Standard input of this run: JSON Lines for {@code evaluate --jsonl}. */
    InputStream in = System.in;

    public static void main(String[] args) {
        System.exit(run(System.in, System.out, System.err, args));
    }

    /** Runs one command with the given streams; returns the exit code. */
    public static int run(InputStream in, OutputStream out, OutputStream err, String... args) {
        Main main = new Main();
        main.in = in;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            // Everything a user can get wrong arrives here as a message, never as a stack trace.
            if (ex instanceof RulesetException re) {
                re.problems().forEach(p -> line.getErr().println(p));
                line.getErr().println("the rules cannot be loaded（规则无法加载）");
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
        return cl.execute(args);
    }

    /** A problem with what the user gave, already worded for them. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
