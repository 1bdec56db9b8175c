package io.coveragerules.cdshooks.feedback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes card feedback older than {@code crd.retention.feedback}, every {@code crd.retention.purge-interval}, on one
 * replica at a time: the purge runs under a PostgreSQL advisory lock (session-level, on the connection doing the
 * deletes; released when it ends, or when that connection dies), and a replica that does not get it skips its turn.
 * Deletes go in bounded batches so no statement holds the table long. Scheduling is switched on by the audit module.
 */
@Component
class FeedbackRetention {

    /** @param feedback how long card feedback is kept */
    @ConfigurationProperties("crd.retention")
    record Settings(@DefaultValue("730d") Duration feedback) {}

    /** Advisory-lock keys: the retention namespace (shared with the audit trail's purge), and this table within it. */
    static final int RETENTION_LOCKS = 0x5254;

    static final int FEEDBACK_LOCK = 2;

    private static final int BATCH = 10_000;
    private static final Logger log = LoggerFactory.getLogger(FeedbackRetention.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Settings settings;

    FeedbackRetention(JdbcTemplate jdbc, Clock clock, Settings settings) {
        this.jdbc = jdbc;
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
        Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.feedback()));
        return jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, RETENTION_LOCKS);
                lock.setInt(2, FEEDBACK_LOCK);
                try (var result = lock.executeQuery()) {
                    if (!result.next() || !result.getBoolean(1)) {
                        return -1L;
                    }
                }
            }
            long deleted = 0;
            try (var delete = connection.prepareStatement(
                    "DELETE FROM card_feedback WHERE id IN (SELECT id FROM card_feedback WHERE received_at < ? LIMIT "
                            + BATCH + ")")) {
                int batch;
                do {
                    delete.setTimestamp(1, cutoff);
                    batch = delete.executeUpdate();
                    deleted += batch;
                } while (batch == BATCH);
            } finally {
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, RETENTION_LOCKS);
                    unlock.setInt(2, FEEDBACK_LOCK);
                    unlock.execute();
                }
            }
            if (deleted > 0) {
                log.info("Feedback retention: {} records older than {} deleted", deleted, settings.feedback());
            }
            return deleted;
        });
    }
}
