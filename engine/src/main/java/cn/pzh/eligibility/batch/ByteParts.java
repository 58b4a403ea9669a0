package cn.pzh.eligibility.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's output as the pieces it was written in (a determination, a newline), never copied into one array. One
 * array of a whole chunk is half a megabyte: G1 stores such an array outside its young generation ("humongous") and
 * collects for it, which cost a fifth of a batch's time in collections. Pieces are not copied: the caller must not
 * change an array after adding it.
 */
final class ByteParts {

    private final List<byte[]> parts = new ArrayList<>();
    private long size;

    void add(byte[] bytes) {
        parts.add(bytes);
        size += bytes.length;
    }

    long size() {
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        for (byte[] p : parts) {
            out.write(p);
        }
    }

    void writeTo(CountingOutput out) throws IOException {
        for (byte[] p : parts) {
            out.write(p);
        }
    }
}
