package cn.pzh.eligibility.batch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a file line by line and knows the byte offset of every line: what a checkpoint records so that a resumed
 * run can seek straight to the first household not yet written. Lines end at LF; a CR before it is dropped.
 */
final class LineInput implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private byte[] line = new byte[1024];
    /** Offset in the file of the next byte not yet returned as part of a line. */
    private long offset;
    /** Physical lines returned so far (1-based number of the last one). */
    private long lineNumber;
    private long size;

    LineInput(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        buffer.flip();
    }

    long size() {
        return size;
    }

    /** Moves to {@code position}, the start of a line, which is line {@code linesBefore + 1}. */
    void seek(long position, long linesBefore) throws IOException {
        channel.position(position);
        buffer.clear().flip();
        offset = position;
        lineNumber = linesBefore;
    }

    long offset() {
        return offset;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of the file. */
    String readLine() throws IOException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int n = channel.read(buffer);
                buffer.flip();
                if (n <= 0) {
                    if (!any) {
                        return null;
                    }
                    break; // last line without a newline
                }
            }
            any = true;
            byte b = buffer.get();
            offset++;
            if (b == '\n') {
                break;
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, len * 2);
            }
            line[len++] = b;
        }
        lineNumber++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
