package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines from a stream to a stream ({@code evaluate --jsonl}): the same pipeline and the same chunk work as
 * {@code batch}, without a checkpoint (a stream cannot be resumed). Determinations go to {@code out} in input order,
 * one a line; each bad line to {@code err} as "line N: path: problem". Blank lines are skipped and not counted.
 */
public final class StreamEvaluation {

    private static final byte[] NL = {'\n'};

    /** Households in one rule session: the batch's chunk. */
    private static final int CHUNK = 256;

    /** What went through: lines read = determinations written + lines with errors. */
    public record Counts(long lines, long written, long errors) {
    }

    private StreamEvaluation() {
    }

    private record Chunk(List<SourceRecord> records, long firstLine, long lastLine) {
    }

    private record Result(ByteParts out, List<String> errors, long lines, long written, long firstLine,
            long lastLine) {
    }

    /**
     * Evaluates every line of {@code in} at {@code asOf}. A failed write to {@code out} stops the run with a
     * {@link WriteFailedException} that says how much was written completely ({@code outName} names the output).
     */
    public static Counts run(Ruleset rules, LocalDate asOf, InputStream in, OutputStream out, PrintWriter err,
            String outName, int threads) throws IOException {
        long[] counts = new long[3];
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
        try (JsonLinesSource source = new JsonLinesSource(Channels.newChannel(in))) {
            OrderedPipeline.run(() -> {
                List<SourceRecord> records = new ArrayList<>(CHUNK);
                long first = source.linesBefore() + 1;
                SourceRecord r;
                while (records.size() < CHUNK && (r = source.next()) != null) {
                    records.add(r);
                }
                return records.isEmpty() ? null : new Chunk(records, first, source.linesBefore());
            }, c -> work(rules, asOf, c), r -> {
                try {
                    r.out().writeTo(buffered);
                    buffered.flush();
                } catch (IOException e) {
                    throw new WriteFailedException("error: " + outName + " could not be written: " + e.getMessage()
                            + "; " + counts[1] + " determinations (of input lines 1–" + (r.firstLine() - 1)
                            + ") were written completely, those from input line " + r.firstLine() + " on are"
                            + " missing or cut: the output is incomplete（" + outName + "写入失败：完整写出 " + counts[1]
                            + " 份核定结果（第 1–" + (r.firstLine() - 1) + " 行），第 " + r.firstLine()
                            + " 行起的结果缺失或不完整）", e);
                }
                r.errors().forEach(err::println);
                counts[0] += r.lines();
                counts[1] += r.written();
                counts[2] += r.lines() - r.written();
            }, threads);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchException("interrupted（运行被中断）", e);
        } catch (Exception e) {
            throw new BatchException("the evaluation stopped: " + e + "（核定中止）", e);
        }
        err.flush();
        return new Counts(counts[0], counts[1], counts[2]);
    }

    private static Result work(Ruleset rules, LocalDate asOf, Chunk c) {
        List<SourceRecord> records = new ArrayList<>(c.records().size());
        List<ChunkEvaluation.Reader> readers = new ArrayList<>(c.records().size());
        for (SourceRecord rec : c.records()) {
            if (rec.blank()) {
                continue;
            }
            records.add(rec);
            readers.add(() -> {
                if (rec.problem() != null) {
                    throw new InvalidHouseholdException(null, List.of(rec.problem()));
                }
                return HouseholdReader.parse(rec.text());
            });
        }
        List<ChunkEvaluation.Outcome> outcomes = ChunkEvaluation.evaluate(rules, asOf, null, null, readers, null);
        ByteParts out = new ByteParts();
        List<String> errors = new ArrayList<>();
        long written = 0;
        for (int i = 0; i < records.size(); i++) {
            ChunkEvaluation.Outcome o = outcomes.get(i);
            if (o.ok()) {
                out.add(Json.MAPPER.writeValueAsBytes(o.after()));
                out.add(NL);
                written++;
            } else {
                errors.add(lines(records.get(i).line(), o.failure()));
            }
        }
        return new Result(out, errors, records.size(), written, c.firstLine(), c.lastLine());
    }

    /** "line N: …" for each line of the message. */
    private static String lines(long lineNo, RuntimeException e) {
        StringBuilder sb = new StringBuilder();
        e.getMessage().lines().forEach(l -> sb.append(sb.length() == 0 ? "" : "\n").append("line ").append(lineNo)
                .append(": ").append(l));
        return sb.toString();
    }
}
