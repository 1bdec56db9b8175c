package io.coveragerules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.database.MigratedDatabase;
import io.coveragerules.database.RetentionPurge;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Audit records are kept for {@code crd.retention.audit} and then purged, by one replica at a time: a purge that finds
 * another holding the lock deletes nothing.
 */
class AuditRetentionTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase();

    @Test
    void recordsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        String old = insert(Instant.now().minus(Duration.ofDays(40)));
        String recent = insert(Instant.now().minus(Duration.ofDays(20)));

        long deleted = retention(Duration.ofDays(30)).purge();

        assertThat(deleted).isPositive();
        assertThat(count(old)).isZero();
        assertThat(count(recent)).isOne();
    }

    @Test
    void aPurgeWhileAnotherReplicaHoldsTheLockDeletesNothing() throws Exception {
        String old = insert(Instant.now().minus(Duration.ofDays(400)));
        try (Connection otherReplica = DATABASE.dataSource().getConnection()) {
            otherReplica
                    .createStatement()
                    .execute("SELECT pg_advisory_lock(%d, %d)"
                            .formatted(RetentionPurge.LOCK_NAMESPACE, AuditRetention.AUDIT_LOCK));

            assertThat(retention(Duration.ofDays(30)).purge()).isEqualTo(-1);
            assertThat(count(old)).isOne();
        }
        assertThat(retention(Duration.ofDays(30)).purge()).isPositive();
        assertThat(count(old)).isZero();
    }

    private static AuditRetention retention(Duration keep) {
        return new AuditRetention(
                DATABASE.jdbc(), Clock.systemUTC(), new AuditRetention.Settings(keep, Duration.ofHours(1)));
    }

    private static String insert(Instant received) {
        String hookInstance = UUID.randomUUID().toString();
        DATABASE.jdbc()
                .update(
                        "INSERT INTO hook_audit (hook_instance, service_id, hook, status, received_at, duration_ms, decisions) "
                                + "VALUES (?, 'order-sign-crd', 'order-sign', 200, ?, 1, '[]'::jsonb)",
                        hookInstance,
                        Timestamp.from(received));
        return hookInstance;
    }

    private static long count(String hookInstance) {
        return DATABASE.jdbc()
                .queryForObject("SELECT count(*) FROM hook_audit WHERE hook_instance = ?", Long.class, hookInstance);
    }
}
