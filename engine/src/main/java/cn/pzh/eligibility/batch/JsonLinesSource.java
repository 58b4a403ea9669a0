package cn.pzh.eligibility.batch;

import java.io.IOException;
import java.nio.file.Path;

/** JSON Lines: one household a line. Blank lines are returned too (as blank records) so they can be counted. */
final class JsonLinesSource implements RecordSource {

    private final LineInput in;

    JsonLinesSource(Path file) throws IOException {
        this.in = new LineInput(file);
    }

    /** JSON Lines from a stream (standard input): read once, no seeking. */
    JsonLinesSource(java.nio.channels.ReadableByteChannel channel) throws IOException {
        this.in = new LineInput(channel);
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
        if (in.malformedAt() >= 0) {
            return new SourceRecord(in.lineNumber(), text, null, new cn.pzh.eligibility.input.FieldError("$",
                    "the line is not valid UTF-8 (at byte " + (in.malformedAt() + 1) + " of the line): save the file"
                            + " as UTF-8", "该行不是有效的 UTF-8 编码（该行第 " + (in.malformedAt() + 1) + " 个字节），请以 UTF-8 保存文件"));
        }
        if (in.tooLong()) {
            return new SourceRecord(in.lineNumber(), "", null, new cn.pzh.eligibility.input.FieldError("$",
                    "the line is longer than " + LineInput.MAX_LINE_BYTES + " bytes", "该行超过 "
                            + LineInput.MAX_LINE_BYTES + " 字节"));
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
