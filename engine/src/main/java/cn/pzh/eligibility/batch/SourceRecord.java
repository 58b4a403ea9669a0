package cn.pzh.eligibility.batch;

import java.util.List;

/**
 * One household as read from the input, not yet parsed (parsing happens on the worker threads): a JSON line, or the
 * consecutive CSV rows of one household. {@code line} is the number of its first physical line in the input;
 * {@code problem}, when set, is why the line cannot be read at all (not UTF-8, too long).
 */
record SourceRecord(long line, String text, List<CsvLayout.Row> rows, cn.pzh.eligibility.input.FieldError problem) {

    SourceRecord(long line, String text, List<CsvLayout.Row> rows) {
        this(line, text, rows, null);
    }

    boolean blank() {
        return text != null && text.isBlank();
    }
}
