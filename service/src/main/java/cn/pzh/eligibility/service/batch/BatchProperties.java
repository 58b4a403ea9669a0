package cn.pzh.eligibility.service.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code batches.*}: where jobs live and how hard they may use the machine.
 *
 * @param dir                one directory per job below it (job.json, the upload, the outputs, the checkpoint)
 * @param baselineDirs       rules directories a comparison may name ({@code --batches.baseline-dirs.NAME=PATH}):
 *                           clients choose a name, never a path on the server
 * @param concurrentJobs     jobs running at once; the others wait in submission order
 * @param threads            worker threads per job; default all cores but one, so the interactive API keeps a core
 * @param chunkSize          households per work unit (and per checkpoint step) of the engine
 * @param checkpointInterval how often the engine syncs the outputs and moves its checkpoint on
 */
@ConfigurationProperties("batches")
public record BatchProperties(
        @DefaultValue("batch-jobs") Path dir,
        Map<String, Path> baselineDirs,
        @DefaultValue("1") int concurrentJobs,
        Integer threads,
        @DefaultValue("256") int chunkSize,
        @DefaultValue("1s") Duration checkpointInterval) {

    public BatchProperties {
        baselineDirs = baselineDirs == null ? Map.of() : Map.copyOf(baselineDirs);
        if (concurrentJobs < 1) {
            throw new IllegalArgumentException("batches.concurrent-jobs must be at least 1");
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("batches.threads must be at least 1");
        }
    }

    public int threadsPerJob() {
        return threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
