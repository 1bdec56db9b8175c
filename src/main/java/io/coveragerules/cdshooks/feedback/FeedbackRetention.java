package io.coveragerules.cdshooks.feedback;

import io.coveragerules.database.RetentionPurge;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes card feedback older than {@code crd.retention.feedback}, every {@code crd.retention.purge-interval}, on one
 * replica at a time and in bounded batches ({@link RetentionPurge}). Scheduling is switched on by the audit module.
 */
@Component
class FeedbackRetention {

    /** @param feedback how long card feedback is kept */
    @ConfigurationProperties("crd.retention")
    record Settings(@DefaultValue("730d") Duration feedback) {}

    /** This table's key within the retention purges' advisory-lock namespace ({@link RetentionPurge}). */
    static final int FEEDBACK_LOCK = 2;

    private static final Logger log = LoggerFactory.getLogger(FeedbackRetention.class);

    private final RetentionPurge purge;
    private final Clock clock;
    private final Settings settings;

    FeedbackRetention(JdbcTemplate jdbc, Clock clock, Settings settings) {
        this.purge = new RetentionPurge(jdbc);
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${crd.retention.purge-interval:1h}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Feedback retention purge skipped: {}", e.getMessage());
        }
    }

    /**
     * @return records deleted, or -1 when another replica holds the purge lock
     */
    long purge() {
        long deleted =
                purge.deleteReceivedBefore("card_feedback", clock.instant().minus(settings.feedback()), FEEDBACK_LOCK);
        if (deleted > 0) {
            log.info("Feedback retention: {} records older than {} deleted", deleted, settings.feedback());
        }
        return deleted;
    }
}
