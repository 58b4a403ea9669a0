package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.input.FieldError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV in the household layout: a header line, then one row per member; consecutive rows with the same
 * {@code householdId} are one household. Cells are read by Apache Commons CSV (RFC 4180); this class only finds where
 * each record starts and ends in the file, by byte offset and physical line, so that a checkpoint can point at the
 * next household and an error names the line a record starts on even after a cell with line breaks inside.
 *
 * <p>Reads one row ahead to know where a household ends, and reports as its position the start of that row, so a
 * resumed run starts exactly at the next household. Blank lines are skipped. A row that cannot be read (not UTF-8,
 * broken quoting, more cells than the header, too long) is kept with its problem: it spoils its household (when its
 * household id can still be made out) or stands as a bad household of its own, so nothing is silently dropped and no
 * household is evaluated without one of its members.
 */
final class CsvSource implements RecordSource {

    /** Header columns accepted: the full layout has under a thousand; more is not a household file. */
    static final int MAX_COLUMNS = 2000;
    /** Characters in one record (a row, with the lines of its quoted cells) and physical lines it may span. */
    static final int MAX_RECORD_CHARS = 1 << 20;
    static final int MAX_RECORD_LINES = 1000;

    private static final CSVFormat STRICT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    /** For making out the household id of a row the strict reading refused. */
    private static final CSVFormat LENIENT = STRICT.builder().setLenientEof(true).setTrailingData(true).get();

    private final LineInput in;
    private final CsvLayout layout;
    /** The row read ahead: the first row of the next household. */
    private PendingRow pending;
    private boolean ended;

    private record PendingRow(long offset, CsvLayout.Row row, String householdId) {
    }

    /** One logical record as text, with its first physical line and its problem (null when readable). */
    private record RawRecord(long offset, long line, long lastLine, String text, String problem, String problemZh) {
    }

    CsvSource(Path file) throws IOException {
        this.in = new LineInput(file);
        RawRecord header = readRecord();
        if (header == null) {
            throw new BatchException(file + ": the CSV file is empty, it needs a header line（CSV 文件为空，缺少表头）");
        }
        String text = header.text().startsWith("\uFEFF") ? header.text().substring(1) : header.text(); // Excel's BOM
        if (header.problem() != null) {
            throw new BatchException(file + ": the CSV header line cannot be read: " + header.problem()
                    + "（CSV 表头无法读取：" + header.problemZh() + "）");
        }
        if (text.stripLeading().startsWith("{")) {
            throw new BatchException(file + ": this looks like JSON Lines, not CSV: give --format jsonl (or a .jsonl"
                    + " file name)（文件内容像是 JSON Lines 而不是 CSV，请使用 --format jsonl）");
        }
        List<String> cells = cells(text, STRICT);
        if (cells == null) {
            throw new BatchException(file + ": the CSV header line is not valid CSV (RFC 4180 quoting)"
                    + "（CSV 表头不符合 CSV 格式）");
        }
        if (cells.size() > MAX_COLUMNS) {
            throw new BatchException(file + ": the CSV header has " + cells.size() + " columns, the household layout"
                    + " has at most " + MAX_COLUMNS + " (docs/batch.md)（CSV 表头有 " + cells.size() + " 列，超过上限 "
                    + MAX_COLUMNS + " 列）");
        }
        this.layout = CsvLayout.fromHeader(cells);
    }

    CsvLayout layout() {
        return layout;
    }

    @Override
    public SourceRecord next() throws IOException {
        if (pending == null && !ended) {
            pending = readRow();
        }
        if (pending == null) {
            return null;
        }
        List<CsvLayout.Row> rows = new ArrayList<>();
        PendingRow first = pending;
        rows.add(first.row());
        while (true) {
            pending = readRow();
            if (pending == null || first.householdId().isEmpty() || !pending.householdId().equals(first.householdId())) {
                break;
            }
            rows.add(pending.row());
        }
        return new SourceRecord(first.row().line(), null, rows);
    }

    private PendingRow readRow() throws IOException {
        RawRecord r = readRecord();
        if (r == null) {
            ended = true;
            return null;
        }
        if (r.problem() == null) {
            List<String> cells = cells(r.text(), STRICT);
            if (cells == null) {
                r = new RawRecord(r.offset(), r.line(), r.lastLine(), r.text(),
                        "the row is not valid CSV (a quote inside a cell that is not quoted, or text after a closing"
                                + " quote)", "该行不符合 CSV 格式（引号使用有误）");
            } else if (cells.size() > layout.columns().size()) {
                r = new RawRecord(r.offset(), r.line(), r.lastLine(), r.text(), "the row has " + cells.size()
                        + " cells, the header " + layout.columns().size() + " columns", "该行有 " + cells.size()
                        + " 个单元格，多于表头的 " + layout.columns().size() + " 列");
            } else {
                CsvLayout.Row row = new CsvLayout.Row(r.line(), r.lastLine(), cells, null);
                return new PendingRow(r.offset(), row, row.get(layout, "householdId"));
            }
        }
        // Unreadable: keep it, with whatever household id a lenient reading makes out, for grouping only.
        List<String> cells = cells(r.text(), LENIENT);
        CsvLayout.Row row = new CsvLayout.Row(r.line(), r.lastLine(), cells == null ? List.of() : cells,
                new FieldError("$", r.problem(), r.problemZh()));
        return new PendingRow(r.offset(), row, row.get(layout, "householdId"));
    }

    /** The cells of one record, or null when it is not CSV in this format. */
    private static List<String> cells(String text, CSVFormat format) {
        try (CSVParser p = CSVParser.builder().setReader(new java.io.StringReader(text)).setFormat(format).get()) {
            List<String> cells = null;
            for (CSVRecord rec : p) {
                if (cells != null) {
                    return null; // more than one record: a line break outside quotes cannot be here
                }
                cells = rec.toList();
            }
            return cells == null ? List.of("") : cells;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    /**
     * The next non-blank logical record: physical lines joined while a quoted cell is open (RFC 4180: a quote
     * character toggles quoting, a doubled quote toggles twice). Null at the end of the file.
     */
    private RawRecord readRecord() throws IOException {
        while (true) {
            long offset = in.offset();
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            if (in.malformedAt() < 0 && line.isBlank()) {
                continue;
            }
            long first = in.lineNumber();
            String problem = null;
            String problemZh = null;
            StringBuilder text = new StringBuilder(line);
            boolean quoted = false;
            int badUtf8Line = in.malformedAt() >= 0 ? 0 : -1;
            int badUtf8At = in.malformedAt();
            quoted = toggles(line, quoted);
            while (quoted) {
                if (text.length() > MAX_RECORD_CHARS || in.lineNumber() - first + 1 >= MAX_RECORD_LINES) {
                    problem = "a quoted cell is not closed within " + MAX_RECORD_LINES + " lines or "
                            + MAX_RECORD_CHARS + " characters";
                    problemZh = "引号内的单元格过长或未闭合";
                    break;
                }
                String more = in.readLine();
                if (more == null) {
                    problem = "a quoted cell is not closed before the end of the file (a cut file?)";
                    problemZh = "引号内的单元格直到文件末尾都未闭合（文件可能不完整）";
                    break;
                }
                if (badUtf8Line < 0 && in.malformedAt() >= 0) {
                    badUtf8Line = (int) (in.lineNumber() - first);
                    badUtf8At = in.malformedAt();
                }
                text.append('\n').append(more);
                quoted = toggles(more, quoted);
            }
            if (in.tooLong()) {
                problem = "a line is longer than " + LineInput.MAX_LINE_BYTES + " bytes";
                problemZh = "该行过长";
            }
            if (problem == null && text.length() > MAX_RECORD_CHARS) {
                problem = "the row is longer than " + MAX_RECORD_CHARS + " characters";
                problemZh = "该行过长";
            }
            if (badUtf8Line >= 0) {
                problem = "line " + (first + badUtf8Line) + " is not valid UTF-8 (at byte " + (badUtf8At + 1)
                        + " of the line): save the file as UTF-8";
                problemZh = "第 " + (first + badUtf8Line) + " 行不是有效的 UTF-8 编码（该行第 " + (badUtf8At + 1)
                        + " 个字节），请以 UTF-8 保存文件";
            }
            return new RawRecord(offset, first, in.lineNumber(), text.toString(), problem, problemZh);
        }
    }

    private static boolean toggles(String s, boolean quoted) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
        return quoted;
    }

    @Override
    public long position() {
        return pending != null ? pending.offset() : in.offset();
    }

    @Override
    public long linesBefore() {
        return pending != null ? pending.row().line() - 1 : in.lineNumber();
    }

    @Override
    public void seek(long position, long linesBefore) throws IOException {
        in.seek(position, linesBefore);
        pending = null;
        ended = false;
    }

    @Override
    public long size() {
        return in.size();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
