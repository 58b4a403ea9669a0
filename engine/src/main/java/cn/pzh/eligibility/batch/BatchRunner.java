package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evaluates a whole caseload file, streaming. One reader (the calling thread) cuts the input into chunks of
 * households; a fixed pool of workers (one per core) parses and evaluates chunks; one writer thread takes the
 * finished chunks in input order and appends them to the outputs. The queue between reader and writer holds at
 * most two chunks per worker, so memory does not grow with the input: a million households run in a 512 MB heap.
 *
 * <p>Usable without the CLI: {@code BatchRunner.run(options, progress -> …)} returns the {@link BatchSummary}.
 */
public final class BatchRunner {

    private static final byte[] NL = {'\n'};

    private final BatchOptions o;
    private final ProgressListener listener;
    private final RulesetDiff rulesetDiff;

    private BatchRunner(BatchOptions o, ProgressListener listener) {
        this.o = o;
        this.listener = listener;
        this.rulesetDiff = o.comparison() ? RulesetDiff.of(o.baselineRules(), o.baselineDate(), o.rules(), o.asOf())
                : null;
    }

    public static BatchSummary run(BatchOptions options, ProgressListener listener) {
        BatchRunner runner = new BatchRunner(options, listener == null ? ProgressListener.NONE : listener);
        try {
            return runner.run();
        } catch (CountingOutput.OutputFailure e) {
            throw runner.writeFailed(e);
        } catch (IOException e) {
            throw new BatchException(e.getMessage() + "（读写文件出错）", e);
        }
    }

    /** What the last checkpoint on disk holds: what a write failure leaves complete. */
    private volatile long savedHouseholds;
    private volatile long savedLines;
    private volatile boolean savedAtAll;
    private volatile boolean savedComplete;

    /** The message of a write failure: which output, why, and what is complete on disk. */
    private WriteFailedException writeFailed(CountingOutput.OutputFailure e) {
        String which = e.path.equals(o.checkpoint()) ? "the checkpoint " : e.path.equals(o.report()) ? "the report "
                : e.path.equals(o.errors()) ? "the errors file " : e.path.equals(o.diff()) ? "the diff " : "";
        String held;
        String heldZh;
        if (savedComplete) {
            held = "the determinations, errors and diff are complete (" + savedHouseholds + " households); run the"
                    + " same command with --resume to write the report again";
            heldZh = "核定结果、错误清单和差异文件已完整写出（" + savedHouseholds + " 户），可加 --resume 重新写出报告";
        } else if (savedAtAll) {
            held = "the outputs are incomplete: the last checkpoint holds " + savedHouseholds + " households (input lines"
                    + " 1–" + savedLines + ") written completely; free some space and run the same command with"
                    + " --resume to go on from there";
            heldZh = "输出不完整：最近的断点记录了已完整写出的 " + savedHouseholds + " 户（输入第 1–" + savedLines
                    + " 行），腾出空间后加 --resume 从断点继续";
        } else {
            held = "the outputs are incomplete and no checkpoint was written: run the command again once there is room";
            heldZh = "输出不完整，且尚未写出断点，腾出空间后请重新运行";
        }
        return new WriteFailedException("error: could not write " + which + e.getMessage() + "; " + held
                + "（写入文件失败：" + e.path + "；" + heldZh + "）", e);
    }

    /** What the ruleset comparison found (null when the run is not a comparison). */
    public static RulesetDiff rulesetDiff(BatchOptions options) {
        return options.comparison() ? RulesetDiff.of(options.baselineRules(), options.baselineDate(), options.rules(),
                options.asOf()) : null;
    }

    // ------------------------------------------------------------------ the pipeline

    private record Chunk(List<SourceRecord> records, long endOffset, long endLines) {
    }

    private static final class ChunkResult {
        final ByteParts out = new ByteParts();
        final ByteParts err = new ByteParts();
        final ByteParts diff = new ByteParts();
        final List<HouseholdImpact> impacts = new ArrayList<>();
        long lines;
        long blank;
        long households;
        long written;
        long errors;
        long errorEntries;
        long endOffset;
        long endLines;
    }

    private BatchSummary run() throws IOException {
        if (!Files.isRegularFile(o.input())) {
            throw new BatchException(o.input() + ": input file not found（找不到输入文件）");
        }
        String fingerprint = fingerprint();
        Path cpFile = o.checkpoint();
        Checkpoint cp = null;
        boolean resumed = false;
        if (o.resume() && Files.isRegularFile(cpFile)) {
            cp = Checkpoint.read(cpFile);
            if (cp.consumedHash == null || cp.inputOffset > Files.size(o.input())
                    || !cp.consumedHash.equals(hashInputUpTo(cp.inputOffset))) {
                throw new BatchException("the input " + o.input() + " changed since the interrupted run read it (its"
                        + " first " + cp.inputOffset + " bytes, lines 1–" + cp.linesBefore + ", are not what that run"
                        + " consumed): resuming would finish a file that matches neither input; start again without"
                        + " --resume（输入文件在中断后被修改过：断点之前已读取的 " + cp.linesBefore + " 行与原来不同，续跑会得出与两份输入"
                        + "都不符的结果，请去掉 --resume 重新运行）");
            }
            if (!fingerprint.equals(cp.fingerprint)) {
                throw new BatchException("the checkpoint " + cpFile + " belongs to a run with other input, rules, dates"
                        + " or outputs; start again without --resume（断点记录的运行与本次的输入、规则或日期不同，请去掉 --resume 重新运行）");
            }
            resumed = true;
            if (cp.complete) {
                savedComplete = true;
                savedHouseholds = cp.households;
                if (o.report() != null && cp.aggregate != null) {
                    report(cp);
                }
                if (o.removeCheckpoint()) {
                    Files.deleteIfExists(cpFile);
                }
                return summary(cp, Duration.ZERO, 0, true);
            }
        }
        if (cp == null) {
            cp = new Checkpoint();
            cp.fingerprint = fingerprint;
            cp.aggregate = o.comparison() ? new ImpactAggregate() : null;
            Files.deleteIfExists(cpFile);
        }
        long startNanos = System.nanoTime();
        long householdsAtStart = cp.households;
        long offsetAtStart = cp.inputOffset;
        try (RecordSource source = o.format() == BatchOptions.Format.CSV ? new CsvSource(o.input())
                : new JsonLinesSource(o.input());
                CountingOutput out = open(o.output(), resumed, cp.outputBytes);
                CountingOutput err = open(o.errors(), resumed, cp.errorsBytes);
                CountingOutput diff = o.diff() == null ? null : open(o.diff(), resumed, cp.diffBytes)) {
            CsvLayout layout = source instanceof CsvSource cs ? cs.layout() : null;
            if (resumed) {
                source.seek(cp.inputOffset, cp.linesBefore);
            } else {
                cp.inputOffset = source.position();
                cp.linesBefore = source.linesBefore();
            }
            final Checkpoint state = cp;
            Writer writer = new Writer(state, out, err, diff, startNanos, householdsAtStart, offsetAtStart,
                    source.size());
            try {
                OrderedPipeline.run(() -> {
                    List<SourceRecord> records = new ArrayList<>(o.chunkSize());
                    SourceRecord r;
                    while (records.size() < o.chunkSize() && (r = source.next()) != null) {
                        records.add(r);
                    }
                    return records.isEmpty() ? null : new Chunk(records, source.position(), source.linesBefore());
                }, c -> process(c, layout), writer::accept, o.threads());
                writer.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BatchException("interrupted（运行被中断，可用 --resume 继续）", e);
            } catch (BatchException | CountingOutput.OutputFailure e) {
                throw e;
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new BatchException("the batch stopped: " + e + "（批量核定中止，可用 --resume 继续）", e);
            }
            cp.complete = true;
            checkpoint(cp, out, err, diff);
        }
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = (cp.households - householdsAtStart) / Math.max(secs, 1e-9);
        if (o.report() != null && cp.aggregate != null) {
            report(cp);
        }
        if (o.removeCheckpoint()) {
            Files.deleteIfExists(cpFile);
        }
        return summary(cp, Duration.ofNanos(System.nanoTime() - startNanos), rate, resumed);
    }

    private void report(Checkpoint cp) throws IOException {
        try {
            ReportWriter.write(o.report(), cp.aggregate, rulesetDiff, o, cp);
        } catch (IOException e) {
            throw new CountingOutput.OutputFailure(o.report(), e);
        }
    }

    private BatchSummary summary(Checkpoint cp, Duration elapsed, double rate, boolean resumed) {
        return new BatchSummary(cp.linesRead, cp.blankLines, cp.households, cp.written, cp.errors, cp.errorEntries,
                cp.aggregate == null ? 0 : cp.aggregate.changed, o.output(), o.errors(), o.diff(), o.report(),
                elapsed, rate, resumed);
    }

    private static CountingOutput open(Path p, boolean resumed, long length) throws IOException {
        return CountingOutput.open(p, resumed, length);
    }

    /** Appends each chunk's result to the outputs in input order, keeps the counts and the checkpoint. */
    private final class Writer {
        private final Checkpoint cp;
        private final CountingOutput out;
        private final CountingOutput err;
        private final CountingOutput diff;
        private final long startNanos;
        private final long householdsAtStart;
        private final long offsetAtStart;
        private final long inputSize;
        private final long interval = o.checkpointInterval().toNanos();
        private long lastCheckpoint = System.nanoTime();

        Writer(Checkpoint cp, CountingOutput out, CountingOutput err, CountingOutput diff, long startNanos,
                long householdsAtStart, long offsetAtStart, long inputSize) {
            this.cp = cp;
            this.out = out;
            this.err = err;
            this.diff = diff;
            this.startNanos = startNanos;
            this.householdsAtStart = householdsAtStart;
            this.offsetAtStart = offsetAtStart;
            this.inputSize = inputSize;
        }

        void accept(ChunkResult r) throws IOException {
            r.out.writeTo(out);
            r.err.writeTo(err);
            if (diff != null) {
                r.diff.writeTo(diff);
            }
            if (cp.aggregate != null) {
                for (HouseholdImpact h : r.impacts) {
                    cp.aggregate.add(h, o.rules().codes());
                }
            }
            cp.linesRead += r.lines;
            cp.blankLines += r.blank;
            cp.households += r.households;
            cp.written += r.written;
            cp.errors += r.errors;
            cp.errorEntries += r.errorEntries;
            cp.inputOffset = r.endOffset;
            cp.linesBefore = r.endLines;
            long now = System.nanoTime();
            if (now - lastCheckpoint >= interval) {
                checkpoint(cp, out, err, diff);
                lastCheckpoint = now;
            }
            listener.progress(progress(cp, now, startNanos, householdsAtStart, offsetAtStart, inputSize, false));
        }

        void finish() {
            listener.progress(progress(cp, System.nanoTime(), startNanos, householdsAtStart, offsetAtStart, inputSize,
                    true));
        }
    }

    private static Progress progress(Checkpoint cp, long now, long start, long hStart, long offStart, long size,
            boolean finished) {
        double secs = Math.max((now - start) / 1e9, 1e-9);
        double rate = (cp.households - hStart) / secs;
        double bytesRate = (cp.inputOffset - offStart) / secs;
        Duration left = bytesRate <= 0 ? null
                : Duration.ofMillis((long) ((size - cp.inputOffset) / bytesRate * 1000));
        return new Progress(cp.households, cp.written, cp.errors, cp.inputOffset, size,
                Duration.ofNanos(now - start), rate, finished ? Duration.ZERO : left, finished);
    }

    /** Outputs to disk first, then the checkpoint that points into them. */
    private void checkpoint(Checkpoint cp, CountingOutput out, CountingOutput err, CountingOutput diff)
            throws IOException {
        out.flush(true);
        err.flush(true);
        if (diff != null) {
            diff.flush(true);
        }
        cp.outputBytes = out.bytes();
        cp.errorsBytes = err.bytes();
        cp.diffBytes = diff == null ? 0 : diff.bytes();
        cp.consumedHash = hashInputUpTo(cp.inputOffset);
        cp.write(o.checkpoint());
        savedHouseholds = cp.households;
        savedLines = cp.linesBefore;
        savedAtAll = true;
        savedComplete = cp.complete;
    }

    // ------------------------------------------------------------------ one chunk, on a worker

    private ChunkResult process(Chunk c, CsvLayout layout) {
        ChunkResult r = new ChunkResult();
        r.endOffset = c.endOffset();
        r.endLines = c.endLines();
        // Blank lines are counted, not evaluated; every other record goes through the one chunk evaluation.
        List<SourceRecord> records = new ArrayList<>(c.records().size());
        List<ChunkEvaluation.Reader> readers = new ArrayList<>(c.records().size());
        List<String> texts = new ArrayList<>(c.records().size());
        for (SourceRecord rec : c.records()) {
            if (rec.blank()) {
                r.lines++;
                r.blank++;
                continue;
            }
            records.add(rec);
            readers.add(() -> read(rec, layout));
            texts.add(rec.text());
        }
        boolean copy = o.mode() == BatchOptions.Mode.COPY;
        List<ChunkEvaluation.Outcome> outcomes = ChunkEvaluation.evaluate(copy ? null : o.rules(), o.asOf(),
                o.comparison() ? o.baselineRules() : null, o.baselineDate(), readers, texts);
        for (int i = 0; i < records.size(); i++) {
            SourceRecord rec = records.get(i);
            ChunkEvaluation.Outcome outcome = outcomes.get(i);
            r.lines += rec.rows() == null ? 1 : rec.rows().stream().mapToLong(CsvLayout.Row::physicalLines).sum();
            r.households++;
            if (outcome.ok()) {
                try {
                    write(r, rec, outcome, copy);
                    r.written++;
                    continue;
                } catch (RuntimeException e) {
                    outcome = ChunkEvaluation.failed(e, outcome.householdId(), rec.text());
                }
            }
            for (FieldError fe : outcome.problems()) {
                error(r, rec, layout, outcome.householdId(), fe.path(), fe.message(), fe.messageZh());
            }
            r.errors++;
        }
        return r;
    }

    /** One record as a household: a JSON line parsed, or CSV rows assembled; its field errors otherwise. */
    private static Household read(SourceRecord rec, CsvLayout layout) {
        if (rec.problem() != null) {
            throw new InvalidHouseholdException(null, List.of(rec.problem()));
        }
        if (rec.rows() == null) {
            return HouseholdReader.parse(rec.text());
        }
        if (rec.rows().stream().anyMatch(row -> row.problem() != null)) {
            // a row that could not be read spoils its household: never evaluate it without that member
            List<FieldError> errors = new ArrayList<>();
            for (int k = 0; k < rec.rows().size(); k++) {
                FieldError p = rec.rows().get(k).problem();
                if (p != null) {
                    errors.add(new FieldError("members[" + k + "]", p.message(), p.messageZh()));
                }
            }
            String id = rec.rows().get(0).get(layout, "householdId");
            throw new InvalidHouseholdException(id.isEmpty() || rec.rows().get(0).problem() != null ? null : id,
                    errors);
        }
        CsvLayout.Assembled a = layout.assemble(rec.rows());
        List<FieldError> errors = new ArrayList<>(a.errors());
        Household h = null;
        try {
            h = HouseholdReader.read(a.household());
        } catch (InvalidHouseholdException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidHouseholdException(a.householdId(), errors);
        }
        return h;
    }

    /** A record's determination (and in a comparison its diff line and impact) into the chunk's result. */
    private void write(ChunkResult r, SourceRecord rec, ChunkEvaluation.Outcome outcome, boolean copy) {
        Household h = outcome.household();
        if (copy) {
            r.out.add(Json.MAPPER.writeValueAsBytes(h));
            r.out.add(NL);
            return;
        }
        Determination d = outcome.after();
        byte[] json = Json.MAPPER.writeValueAsBytes(d);
        if (o.comparison()) {
            Ruleset base = o.baselineRules();
            HouseholdImpact impact = HouseholdImpact.of(rec.line(), h, outcome.before(), d,
                    () -> List.of(base.evaluateTraced(h, o.baselineDate()), o.rules().evaluateTraced(h, o.asOf())),
                    rulesetDiff);
            byte[] line = impact.changed() ? impact.diffLine().getBytes(StandardCharsets.UTF_8) : null;
            r.impacts.add(impact);
            if (line != null) {
                r.diff.add(line);
                r.diff.add(NL);
            }
        }
        r.out.add(json);
        r.out.add(NL);
    }

    private static void error(ChunkResult r, SourceRecord rec, CsvLayout layout, String householdId, String path,
            String message, String messageZh) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        long line = rec.line();
        String column = null;
        if (layout != null) {
            int row = CsvLayout.memberRow(path);
            if (row >= 0 && row < rec.rows().size()) {
                line = rec.rows().get(row).line();
            }
            column = layout.column(path);
            if (column != null && !layout.columns().contains(column)) {
                column = null; // a path to a whole member or cost item is no one column
            }
        }
        e.put("line", line);
        e.put("householdId", householdId);
        e.put("path", path);
        if (column != null) {
            e.put("column", column);
        }
        // The errors file is a log: the path and the problem, never the value (LogSafe).
        e.put("message", LogSafe.message(message));
        e.put("messageZh", LogSafe.message(messageZh));
        r.err.add(Json.MAPPER.writeValueAsBytes(e));
        r.err.add(NL);
        r.errorEntries++;
    }

    // ------------------------------------------------------------------ identity of a run

    /** The running hash of the input's first {@link #hashedUpTo} bytes: extended at each checkpoint, never re-read. */
    private MessageDigest consumed;
    private long hashedUpTo;

    /** Hex SHA-256 of the input's bytes before {@code offset} (offsets only grow within a run). */
    private String hashInputUpTo(long offset) throws IOException {
        if (consumed == null || offset < hashedUpTo) {
            consumed = sha256();
            hashedUpTo = 0;
        }
        if (offset > hashedUpTo) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(o.input())) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
                long pos = hashedUpTo;
                while (pos < offset) {
                    buf.clear().limit((int) Math.min(buf.capacity(), offset - pos));
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new BatchException("the input " + o.input() + " became shorter while it was read"
                                + "（输入文件在读取时变短）");
                    }
                    buf.flip();
                    consumed.update(buf);
                    pos += n;
                }
                hashedUpTo = pos;
            }
        }
        try {
            return HexFormat.of().formatHex(((MessageDigest) consumed.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Input (size and a hash of its head), rules, dates, mode and which outputs: what a resume must match. */
    private String fingerprint() throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(o.input())) {
            md.update(in.readNBytes(1 << 20));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String head = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        return String.join("|", o.format().name(), o.mode().name(), String.valueOf(Files.size(o.input())), head,
                o.rules() == null ? "-" : o.rules().version(), o.asOf().toString(),
                o.comparison() ? o.baselineRules().version() + "@" + o.baselineDate() : "-",
                String.valueOf(o.diff() != null));
    }
}
