package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.rules.Ruleset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.model.Household;
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

    /** Lines evaluated together in --jsonl mode: enough to keep every core busy, small enough to stream. */
    private static final int CHUNK = 4096;

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
        return jsonl ? jsonLines(ruleset, date, out, err) : files(ruleset, date, out, err);
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

    private int jsonLines(Ruleset ruleset, LocalDate date, PrintWriter out, PrintWriter err) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(main.in, StandardCharsets.UTF_8));
        long lines = 0;
        long written = 0;
        long errors = 0;
        long writtenBefore = 0;
        List<String> chunk = new ArrayList<>(CHUNK);
        long firstLine = 1;
        String line;
        long lineNo = 0;
        while (true) {
            line = in.readLine();
            if (line != null) {
                lineNo++;
                chunk.add(line);
            }
            if (chunk.size() == CHUNK || (line == null && !chunk.isEmpty())) {
                List<LineResult> results = evaluateChunk(ruleset, date, chunk, firstLine);
                for (LineResult r : results) {
                    if (r.blank) {
                        continue;
                    }
                    lines++;
                    if (r.json != null) {
                        // print, not println: println would flush the stream once per household
                        out.print(r.json);
                        out.print('\n');
                        written++;
                    } else {
                        err.println(r.error);
                        errors++;
                    }
                }
                out.flush();
                if (out.checkError()) {
                    throw new cn.pzh.eligibility.batch.WriteFailedException("error: standard output could not be written"
                            + main.out.reason() + "; " + writtenBefore + " determinations (of input lines 1–"
                            + (firstLine - 1) + ") were written completely, those from input line " + firstLine
                            + " on are missing or cut: the output is incomplete（标准输出写入失败：完整写出 " + writtenBefore
                            + " 份核定结果（第 1–" + (firstLine - 1) + " 行），第 " + firstLine + " 行起的结果缺失或不完整）", null);
                }
                writtenBefore = written;
                firstLine = lineNo + 1;
                chunk.clear();
            }
            if (line == null) {
                break;
            }
        }
        out.flush();
        err.println(lines + " lines read, " + written + " determinations written, " + errors + " errors（读入 "
                + lines + " 行，输出 " + written + " 份核定结果，" + errors + " 行有错误）");
        return errors > 0 ? Main.BAD_INPUT : Main.OK;
    }

    private void checkWritten(PrintWriter out, String what) {
        if (out.checkError()) {
            throw new cn.pzh.eligibility.batch.WriteFailedException("error: standard output could not be written"
                    + main.out.reason() + "; " + what + " are missing or cut（标准输出写入失败，核定结果不完整）", null);
        }
    }

    private record LineResult(boolean blank, String json, String error) {
    }

    /** Households evaluated in one rule session: large enough to share its set-up, small enough to stay fast. */
    private static final int SESSION_BATCH = 200;

    private static List<LineResult> evaluateChunk(Ruleset ruleset, LocalDate date, List<String> chunk, long firstLine) {
        LineResult[] results = new LineResult[chunk.size()];
        Household[] households = new Household[chunk.size()];
        IntStream.range(0, chunk.size()).parallel().forEach(i -> {
            String text = chunk.get(i);
            if (text.isBlank()) {
                results[i] = new LineResult(true, null, null);
                return;
            }
            try {
                households[i] = HouseholdReader.parse(text);
            } catch (InvalidHouseholdException e) {
                results[i] = error(firstLine + i, e);
            }
        });
        List<Integer> valid = IntStream.range(0, chunk.size()).filter(i -> households[i] != null).boxed().toList();
        IntStream.range(0, (valid.size() + SESSION_BATCH - 1) / SESSION_BATCH).parallel().forEach(b -> {
            List<Integer> idx = valid.subList(b * SESSION_BATCH, Math.min(valid.size(), (b + 1) * SESSION_BATCH));
            List<Evaluator.Outcome> outcomes = ruleset.evaluateAll(idx.stream().map(i -> households[i]).toList(), date);
            for (int k = 0; k < idx.size(); k++) {
                int i = idx.get(k);
                Evaluator.Outcome o = outcomes.get(k);
                results[i] = o.determination() != null
                        ? new LineResult(false, Json.MAPPER.writeValueAsString(o.determination()), null)
                        : error(firstLine + i, o.error());
            }
        });
        return List.of(results);
    }

    private static LineResult error(long lineNo, RuntimeException e) {
        StringBuilder sb = new StringBuilder();
        e.getMessage().lines().forEach(l -> sb.append(sb.length() == 0 ? "" : "\n").append("line ").append(lineNo)
                .append(": ").append(l));
        return new LineResult(false, null, sb.toString());
    }
}
