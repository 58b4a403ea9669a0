package cn.pzh.eligibility.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV in the household layout: a header line, then one row per member; consecutive rows with the same
 * {@code householdId} are one household. Reads one row ahead to know where a household ends, and reports as its
 * position the start of that row, so a resumed run starts exactly at the next household. Blank lines are skipped.
 */
final class CsvSource implements RecordSource {

    private final LineInput in;
    private final CsvLayout layout;
    /** The row read ahead: the first row of the next household. */
    private PendingRow pending;
    private boolean ended;

    private record PendingRow(long offset, CsvLayout.Row row, String householdId) {
    }

    CsvSource(Path file) throws IOException {
        this.in = new LineInput(file);
        String header = in.readLine();
        if (header == null) {
            throw new BatchException(file + ": the CSV file is empty, it needs a header line（CSV 文件为空，缺少表头）");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1); // Excel writes UTF-8 with a byte-order mark
        }
        this.layout = CsvLayout.fromHeader(CsvLayout.split(header));
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
        while (true) {
            long offset = in.offset();
            String line = in.readLine();
            if (line == null) {
                ended = true;
                return null;
            }
            if (line.isBlank()) {
                continue;
            }
            long lineNo = in.lineNumber();
            StringBuilder record = new StringBuilder(line);
            while (CsvLayout.openQuote(record)) {
                String more = in.readLine();
                if (more == null) {
                    break; // the open quote runs to the end of the file; the cells show it
                }
                record.append('\n').append(more);
            }
            CsvLayout.Row row = new CsvLayout.Row(lineNo, CsvLayout.split(record.toString()));
            return new PendingRow(offset, row, row.get(layout, "householdId"));
        }
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
