package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.batch.StreamEvaluation;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "核定家庭待遇：FILE 为一个家庭或家庭数组的 JSON；--jsonl 从标准输入逐行读取。")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Option(names = "--rules", description = "rules directory (default: ./rules)", defaultValue = "rules")
    Path rules;

    @Option(names = "--as-of", description = "assessment date YYYY-MM-DD (default: today)")
    LocalDate asOf;

    @Option(names = "--jsonl", description = "read JSON Lines from stdin, write one determination a line")
    boolean jsonl;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "household JSON files")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate date = asOf != null ? asOf : LocalDate.now(cn.pzh.eligibility.cli.Main.PANZHIHUA);
        if (jsonl == !files.isEmpty()) {
            throw new Main.UserError("give either household files or --jsonl with JSON Lines on stdin（请提供家庭文件，或使用 --jsonl 从标准输入读取）");
        }
        Ruleset ruleset = Ruleset.load(rules);
        return jsonl ? jsonLines(ruleset, date, err) : files(ruleset, date, out, err);
    }

    private int files(Ruleset ruleset, LocalDate date, PrintWriter out, PrintWriter err) throws IOException {
        ObjectWriter pretty = Json.MAPPER.writerWithDefaultPrettyPrinter();
        boolean bad = false;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                err.println(file + ": file not found（找不到文件）");
                bad = true;
                continue;
            }
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (JacksonException e) {
                err.println(file + ": " + HouseholdReader.syntaxError(e));
                bad = true;
                continue;
            }
            List<JsonNode> households = new ArrayList<>();
            if (root.isArray()) {
                root.values().forEach(households::add);
            } else {
                households.add(root);
            }
            List<Determination> results = new ArrayList<>();
            for (int i = 0; i < households.size(); i++) {
                String where = file + (root.isArray() ? "[" + i + "]" : "");
                try {
                    results.add(ruleset.evaluate(HouseholdReader.read(households.get(i)), date));
                } catch (InvalidHouseholdException | RuleEvaluationException e) {
                    e.getMessage().lines().forEach(l -> err.println(where + ": " + l));
                    bad = true;
                }
            }
            if (root.isArray()) {
                out.println(pretty.writeValueAsString(results));
            } else if (!results.isEmpty()) {
                out.println(pretty.writeValueAsString(results.get(0)));
            }
            checkWritten(out, file + "'s determinations");
        }
        out.flush();
        checkWritten(out, "the determinations");
        return bad ? Main.BAD_INPUT : Main.OK;
    }

    private int jsonLines(Ruleset ruleset, LocalDate date, PrintWriter err) throws IOException {
        StreamEvaluation.Counts c = StreamEvaluation.run(ruleset, date, main.in, main.out, err, "standard output",
                Runtime.getRuntime().availableProcessors());
        err.println(c.lines() + " lines read, " + c.written() + " determinations written, " + c.errors()
                + " errors（读入 " + c.lines() + " 行，输出 " + c.written() + " 份核定结果，" + c.errors() + " 行有错误）");
        return c.errors() > 0 ? Main.BAD_INPUT : Main.OK;
    }

    private void checkWritten(PrintWriter out, String what) {
        if (out.checkError()) {
            throw new cn.pzh.eligibility.batch.WriteFailedException("error: standard output could not be written"
                    + main.out.reason() + "; " + what + " are missing or cut（标准输出写入失败，核定结果不完整）", null);
        }
    }
}
