package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.reload.RulesetReloader;
import cn.pzh.eligibility.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every ruleset the service serves in the archive: the one loaded at start and each one a reload publishes
 * (the reload's swap event; its directory is the private snapshot the ruleset was built from, so the files match).
 * A failure here never stops serving: a determination archives its ruleset itself before it is recorded.
 */
@Component
public class RulesetArchiver {

    private static final Logger log = LoggerFactory.getLogger(RulesetArchiver.class);

    private final Store store;
    private final RulesetHolder holder;

    public RulesetArchiver(Store store, RulesetHolder holder) {
        this.store = store;
        this.holder = holder;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void archiveLoaded() {
        holder.current().ifPresent(rs -> archive(rs, "loaded at start"));
    }

    @EventListener
    public void archivePublished(RulesetReloader.RulesetSwapped swapped) {
        archive(swapped.ruleset(), "published by reload");
    }

    private void archive(Ruleset rs, String source) {
        try {
            if (store.archive().archive(rs, source)) {
                log.info("Archived ruleset {} ({})", rs.version(), source);
            }
        } catch (RuntimeException e) {
            log.warn("Ruleset {} not archived: {}", rs.version(), e.getMessage());
        }
    }
}
