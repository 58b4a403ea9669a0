package cn.pzh.eligibility.batch;

import java.util.List;

/**
 * One household as read from the input, not yet parsed (parsing happens on the worker threads): a JSON line, or the
 * consecutive CSV rows of one household. {@code line} is the number of its first physical line in the input.
 */
record SourceRecord(long line, String text, List<CsvLayout.Row> rows) {

    boolean blank() {
        return text != null && text.isBlank();
    }
}
