package cn.pzh.eligibility.batch;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An output file that knows its length, can be synced, and on resume is cut back to a checkpointed length. */
final class CountingOutput implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    private long bytes;
    /** A pipe or a device has nothing to sync to disk (and refuses fsync); a regular file is synced. */
    private final boolean syncable;

    private CountingOutput(Path path, FileChannel channel, long bytes) {
        this.path = path;
        this.channel = channel;
        this.syncable = java.nio.file.Files.isRegularFile(path);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        this.bytes = bytes;
    }

    static CountingOutput create(Path path) throws IOException {
        return new CountingOutput(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), 0);
    }

    /** Opens an existing output and cuts it back to {@code length}, dropping what was written after the checkpoint. */
    static CountingOutput resume(Path path, long length) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (ch.size() < length) {
            ch.close();
            throw new BatchException(path + " is shorter (" + ch.size() + " bytes) than the checkpoint says (" + length
                    + "): it was changed or lost; start again without --resume（输出文件比断点记录的短，请去掉 --resume 重新运行）");
        }
        ch.truncate(length);
        ch.position(length);
        return new CountingOutput(path, ch, length);
    }

    void write(byte[] b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new OutputFailure(path, e);
        }
        bytes += b.length;
    }

    long bytes() {
        return bytes;
    }

    Path path() {
        return path;
    }

    /** Flushes to the operating system and, when {@code sync}, to the disk. */
    void flush(boolean sync) throws IOException {
        try {
            out.flush();
            if (sync && syncable) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new OutputFailure(path, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            channel.close();
            throw new OutputFailure(path, e);
        }
        channel.close();
    }

    static CountingOutput open(Path path, boolean resumed, long length) throws IOException {
        try {
            return resumed ? resume(path, length) : create(path);
        } catch (BatchException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputFailure(path, e);
        }
    }

    /** An output that could not be written (as opposed to an input that could not be read). */
    static final class OutputFailure extends IOException {
        final Path path;

        OutputFailure(Path path, IOException cause) {
            super(path + ": " + cause.getMessage(), cause);
            this.path = path;
        }
    }
}
