package cn.pzh.eligibility.service.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reloads when a file in the rules directory or its {@code parameters/} changes. Editors save in several steps
 * (temporary file, rename, a second file a moment later), so events are gathered until the directory has been quiet
 * for the debounce interval and then one reload runs. Never a dry run: a saved edit is meant to be published.
 */
@Component
public class RulesWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RulesWatcher.class);

    private final RulesetReloader reloader;
    private final boolean enabled;
    private final long debounceMs;
    private volatile WatchService watcher;
    private volatile Thread thread;

    public RulesWatcher(RulesetReloader reloader, @Value("${reload.watch:true}") boolean enabled,
            @Value("${reload.debounce-ms:500}") long debounceMs) {
        this.reloader = reloader;
        this.enabled = enabled;
        this.debounceMs = debounceMs;
    }

    @Override
    public void start() {
        if (!enabled) {
            log.info("Watching the rules directory is off (reload.watch=false)");
            return;
        }
        Path dir = reloader.rulesDir();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            register(dir);
            register(dir.resolve("parameters"));
        } catch (IOException e) {
            log.error("Cannot watch {}: {}; reload with POST /api/v1/ruleset/reload", dir, e.toString());
            return;
        }
        thread = new Thread(this::loop, "rules-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info("Watching {} and its parameters/ for changes ({} ms quiet before a reload)", dir, debounceMs);
    }

    private void register(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                drain(key);
                // Quiet period: keep absorbing events until none arrives for debounceMs.
                WatchKey more;
                while ((more = watcher.poll(debounceMs, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    reloader.reload(false, "watcher", null);
                } catch (RuntimeException e) {
                    log.error("Reload after a file change failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
