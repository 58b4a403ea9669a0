package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a run stands, written after chunks are flushed to disk: the input position of the next household and the
 * length of every output file up to that household. A resumed run truncates the outputs to these lengths and reads
 * on from that position, so what was written after the checkpoint is written again, once. Written to a temporary
 * file, synced, then renamed over the old one: a crash leaves either the old checkpoint or the new, never half.
 */
public final class Checkpoint {

    public int format = 1;
    /** What the run was: a resume with other input, rules or dates would mix two runs in one file. */
    public String fingerprint;
    public long inputOffset;
    /**
     * SHA-256 of the input's bytes before {@link #inputOffset}: what the run consumed. A resume re-reads them and
     * refuses an input whose consumed part changed (the fingerprint alone sees only the size and the first MB).
     */
    public String consumedHash;
    public long linesBefore;
    public long outputBytes;
    public long errorsBytes;
    public long diffBytes;
    public long linesRead;
    public long blankLines;
    public long households;
    public long written;
    public long errors;
    public long errorEntries;
    public ImpactAggregate aggregate;
    public boolean complete;

    static Checkpoint read(Path file) {
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), Checkpoint.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new BatchException(file + ": the checkpoint is unreadable, start again without --resume"
                    + "（断点文件无法读取，请去掉 --resume 重新运行）: " + e.getMessage(), e);
        }
    }

    void write(Path file) throws IOException {
        try {
            writeTo(file);
        } catch (IOException e) {
            throw new CountingOutput.OutputFailure(file, e);
        }
    }

    private void writeTo(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = Json.MAPPER.writeValueAsBytes(this);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
