package io.coveragerules.audit;

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
 * Deletes audit records older than {@code crd.retention.audit}, every {@code crd.retention.purge-interval}, on one
 * replica at a time: the purge runs under a PostgreSQL advisory lock (session-level, on the connection doing the
 * deletes; released when it ends, or when that connection dies), and a replica that does not get it skips its turn.
 * Deletes go in bounded batches so no statement holds the table long.
 */
@Component
class AuditRetention {

    /**
     * @param audit          how long an audit record is kept (CRD: for disputes; a claim may be disputed years later)
     * @param purgeInterval  how often a replica tries to purge
     */
    @ConfigurationProperties("crd.retention")
    record Settings(
            @DefaultValue("3650d") Duration audit,
            @DefaultValue("1h") Duration purgeInterval) {}

    /** Advisory-lock keys: the retention namespace, and the audit table within it. */
    static final int RETENTION_LOCKS = 0x5254;

    static final int AUDIT_LOCK = 1;

    private static final int BATCH = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Settings settings;

    AuditRetention(JdbcTemplate jdbc, Clock clock, Settings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${crd.retention.purge-interval:1h}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Audit retention purge skipped: {}", e.getMessage());
        }
    }

    /**
     * @return records deleted, or -1 when another replica holds the purge lock
     */
    long purge() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.audit()));
        return jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, RETENTION_LOCKS);
                lock.setInt(2, AUDIT_LOCK);
                try (var result = lock.executeQuery()) {
                    if (!result.next() || !result.getBoolean(1)) {
                        return -1L;
                    }
                }
            }
            long deleted = 0;
            try (var delete = connection.prepareStatement(
                    "DELETE FROM hook_audit WHERE id IN (SELECT id FROM hook_audit WHERE received_at < ? LIMIT " + BATCH
                            + ")")) {
                int batch;
                do {
                    delete.setTimestamp(1, cutoff);
                    batch = delete.executeUpdate();
                    deleted += batch;
                } while (batch == BATCH);
            } finally {
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, RETENTION_LOCKS);
                    unlock.setInt(2, AUDIT_LOCK);
                    unlock.execute();
                }
            }
            if (deleted > 0) {
                log.info("Audit retention: {} records older than {} deleted", deleted, settings.audit());
            }
            return deleted;
        });
    }
}
