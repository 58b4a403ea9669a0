package cn.pzh.eligibility.batch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a file line by line and knows the byte offset of every line: what a checkpoint records so that a resumed
 * run can seek straight to the first household not yet written. Lines end at LF; a CR before it is dropped.
 */
final class LineInput implements Closeable {

    /** Longest line kept; the rest of a longer line is skipped (and the line reported as too long). */
    static final int MAX_LINE_BYTES = 16 << 20;
    private boolean tooLong;

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private byte[] line = new byte[1024];
    /** Offset in the file of the next byte not yet returned as part of a line. */
    private long offset;
    /** Physical lines returned so far (1-based number of the last one). */
    private long lineNumber;
    private long size;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int malformedAt = -1;
    private int lastLength;

    LineInput(Path file) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** A file channel can seek and knows its size; any other (standard input) is read once, size -1. */
    LineInput(ReadableByteChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel instanceof FileChannel f ? f.size() : -1;
        buffer.flip();
    }

    long size() {
        return size;
    }

    /** Moves to {@code position}, the start of a line, which is line {@code linesBefore + 1}. */
    void seek(long position, long linesBefore) throws IOException {
        if (!(channel instanceof FileChannel f)) {
            throw new IOException("a stream cannot be resumed part way");
        }
        f.position(position);
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
        tooLong = false;
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
            if (len == MAX_LINE_BYTES) {
                tooLong = true;
                continue;
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, len * 2));
            }
            line[len++] = b;
        }
        lineNumber++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        lastLength = len;
        // Strict: a byte sequence that is not UTF-8 (an overlong form, a surrogate, a stray byte) is refused, never
        // silently replaced by another character.
        try {
            malformedAt = -1;
            return decoder.decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            malformedAt = firstMalformed(len);
            return new String(line, 0, len, StandardCharsets.UTF_8);
        }
    }

    /** Whether the last line returned was cut at {@link #MAX_LINE_BYTES}. */
    boolean tooLong() {
        return tooLong;
    }

    /** Byte length of the last line returned, without its terminator. */
    int lastLength() {
        return lastLength;
    }

    /**
     * Where the last line returned stops being UTF-8 (0-based byte position in the line), or -1 when it is valid.
     * Such a line is returned decoded with replacement characters, for counting and grouping only.
     */
    int malformedAt() {
        return malformedAt;
    }

    private int firstMalformed(int len) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(line, 0, len);
        CharBuffer out = CharBuffer.allocate(Math.max(16, len));
        CoderResult r = d.decode(in, out, true);
        return r.isError() ? in.position() : len;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
