package cn.pzh.eligibility.service.book;

import cn.pzh.eligibility.docs.RulesBook;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.reload.RulesSnapshots;
import cn.pzh.eligibility.service.reload.RulesetReloader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Chinese rules book of the ruleset in service, written into a fresh temporary directory at start and after each
 * swap (on one background thread: it runs every test-case traced for coverage, which the swap must not wait for).
 * The served directory is switched only when the new book is complete, and the old one deleted.
 */
@Component
public class RulesBookPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RulesBookPublisher.class);

    /** The book being served and the ruleset version it describes. */
    public record Book(Path dir, String version) {
    }

    private final RulesetHolder holder;
    private final RulesetReloader reloader;
    private final AtomicReference<Book> current = new AtomicReference<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rules-book");
        t.setDaemon(true);
        return t;
    });

    public RulesBookPublisher(RulesetHolder holder, RulesetReloader reloader) {
        this.holder = holder;
        this.reloader = reloader;
    }

    /** Null until the first book is written (or while no ruleset is loaded). */
    public Book current() {
        return current.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        schedule();
    }

    @EventListener
    void afterSwap(RulesetReloader.RulesetSwapped swapped) {
        schedule();
    }

    private void schedule() {
        worker.submit(this::write);
    }

    /** Writes the book of whatever serves when the job runs: a queue of several swaps ends on the latest. */
    private void write() {
        Ruleset rs = holder.current().orElse(null);
        Book now = current.get();
        if (rs == null || (now != null && now.version().equals(rs.version()))) {
            return;
        }
        Path out = null;
        try {
            out = Files.createTempDirectory("eligibility-rules-book-");
            long t0 = System.nanoTime();
            Path cases = Files.isDirectory(reloader.casesDir()) ? reloader.casesDir() : null;
            RulesBook.write(rs, cases, out);
            Book old = current.getAndSet(new Book(out, rs.version()));
            log.info("Rules book of {} written to {} in {} ms", rs.version(), out, (System.nanoTime() - t0) / 1_000_000);
            if (old != null) {
                RulesSnapshots.delete(old.dir());
            }
        } catch (Exception e) {
            // A later swap deletes an older snapshot: that book is no longer wanted anyway.
            log.warn("Rules book of {} not written: {}", rs.version(), e.toString());
            RulesSnapshots.delete(out);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        Book b = current.get();
        if (b != null) {
            RulesSnapshots.delete(b.dir());
        }
    }
}
