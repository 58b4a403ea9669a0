package cn.pzh.eligibility.service.batch;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The jobs directory: one directory per job, named by its id, holding {@code job.json}, the upload
 * ({@code input.jsonl} or {@code input.csv}), the outputs and the engine's checkpoint
 * ({@code results.jsonl.checkpoint}). Nothing else knows these names.
 */
public final class JobStore {

    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    /** Ids are made here; anything else in a URL is not a job (and never reaches the file system). */
    private static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{8}");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    static final String JOB = "job.json";
    static final String RESULTS = "results.jsonl";
    static final String ERRORS = "errors.jsonl";
    static final String DIFF = "diff.jsonl";
    static final String REPORT = "report.html";

    private final Path root;

    public JobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the batch jobs directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** Sortable by submission time, unguessable enough that ids are not enumerated by counting. */
    String newId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return LocalDateTime.now(java.time.ZoneOffset.UTC).format(ID_TIME) + "-" + HexFormat.of().formatHex(b);
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    Path dir(String id) {
        if (!validId(id)) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        return root.resolve(id);
    }

    Path input(JobFile job) {
        return dir(job.id).resolve("CSV".equals(job.inputFormat) ? "input.csv" : "input.jsonl");
    }

    Path file(String id, String name) {
        return dir(id).resolve(name);
    }

    Path checkpoint(String id) {
        return dir(id).resolve(RESULTS + ".checkpoint");
    }

    /** Written to a temporary file, synced, then renamed over the old: a crash leaves the old or the new, whole. */
    void save(JobFile job) {
        Path file = dir(job.id).resolve(JOB);
        Path tmp = file.resolveSibling(JOB + ".tmp");
        try {
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(job);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Every job found on disk; a directory whose job.json cannot be read is logged and left alone. */
    List<JobFile> loadAll() {
        List<JobFile> jobs = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                Path file = d.resolve(JOB);
                if (!validId(d.getFileName().toString()) || !Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    JobFile job = Json.MAPPER.readValue(Files.readAllBytes(file), JobFile.class);
                    if (d.getFileName().toString().equals(job.id) && job.state != null) {
                        jobs.add(job);
                    } else {
                        log.warn("Ignoring {}: its id or state does not match its directory", file);
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("Ignoring {}: unreadable ({})", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the batch jobs directory " + root, e);
        }
        return jobs;
    }

    /** The engine's checkpoint of a job as a tree (its counts), or null when there is none or it cannot be read. */
    JsonNode readCheckpoint(String id) {
        Path cp = checkpoint(id);
        if (!Files.isRegularFile(cp)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(cp));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
