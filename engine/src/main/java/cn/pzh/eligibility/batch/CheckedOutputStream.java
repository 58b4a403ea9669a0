package cn.pzh.eligibility.batch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that keeps the first write error. A {@link java.io.PrintWriter} on top of it still swallows the
 * error (only {@code checkError()} tells), so this is where the reason ("No space left on device") is kept for the
 * message; once failed, every later write fails too, so nothing is written after a gap.
 */
public final class CheckedOutputStream extends FilterOutputStream {

    private volatile IOException failure;

    public CheckedOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        check();
        try {
            out.write(b);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() throws IOException {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    public boolean failed() {
        return failure != null;
    }

    /** ": reason" of the first failure, or "" when none. */
    public String reason() {
        return failure == null ? "" : ": " + failure.getMessage();
    }

    private void check() throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write failed" + reason(), failure);
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
