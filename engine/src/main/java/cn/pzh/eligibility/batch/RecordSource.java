package cn.pzh.eligibility.batch;

import java.io.Closeable;
import java.io.IOException;

/** Households one at a time, in input order, with the byte offset to come back to. */
interface RecordSource extends Closeable {

    /** The next household, or null at the end of the input. */
    SourceRecord next() throws IOException;

    /** Byte offset where the next household returned by {@link #next()} starts. */
    long position();

    /** Physical lines before the next household: its first line is {@code linesBefore() + 1}. */
    long linesBefore();

    /** Continues at a position earlier returned by {@link #position()} and {@link #linesBefore()}. */
    void seek(long position, long linesBefore) throws IOException;

    long size();
}
