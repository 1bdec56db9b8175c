package io.coveragerules.audit;

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
 * Deletes audit records older than {@code crd.retention.audit}, every {@code crd.retention.purge-interval}, on one
 * replica at a time and in bounded batches ({@link RetentionPurge}).
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

    /** This table's key within the retention purges' advisory-lock namespace ({@link RetentionPurge}). */
    static final int AUDIT_LOCK = 1;

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final RetentionPurge purge;
    private final Clock clock;
    private final Settings settings;

    AuditRetention(JdbcTemplate jdbc, Clock clock, Settings settings) {
        this.purge = new RetentionPurge(jdbc);
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
        long deleted = purge.deleteReceivedBefore("hook_audit", clock.instant().minus(settings.audit()), AUDIT_LOCK);
        if (deleted > 0) {
            log.info("Audit retention: {} records older than {} deleted", deleted, settings.audit());
        }
        return deleted;
    }
}
