package cn.pzh.eligibility.batch;

import java.io.IOException;
import java.nio.file.Path;

/** JSON Lines: one household a line. Blank lines are returned too (as blank records) so they can be counted. */
final class JsonLinesSource implements RecordSource {

    private final LineInput in;

    JsonLinesSource(Path file) throws IOException {
        this.in = new LineInput(file);
    }

    @Override
    public SourceRecord next() throws IOException {
        String text = in.readLine();
        if (text == null) {
            return null;
        }
        if (in.lineNumber() == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark some editors write
        }
        return new SourceRecord(in.lineNumber(), text, null);
    }

    @Override
    public long position() {
        return in.offset();
    }

    @Override
    public long linesBefore() {
        return in.lineNumber();
    }

    @Override
    public void seek(long position, long linesBefore) throws IOException {
        in.seek(position, linesBefore);
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
