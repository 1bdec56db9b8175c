package io.coveragerules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coveragerules.database.RetentionPurge;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Audit records are kept for {@code crd.retention.audit} and then purged, by one replica at a time: a purge that finds
 * another holding the lock deletes nothing.
 */
class AuditRetentionTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void close() throws Exception {
        dataSource.close();
        postgres.close();
    }

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
        try (Connection otherReplica = dataSource.getConnection()) {
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
        return new AuditRetention(jdbc, Clock.systemUTC(), new AuditRetention.Settings(keep, Duration.ofHours(1)));
    }

    private static String insert(Instant received) {
        String hookInstance = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO hook_audit (hook_instance, service_id, hook, status, received_at, duration_ms, decisions) "
                        + "VALUES (?, 'order-sign-crd', 'order-sign', 200, ?, 1, '[]'::jsonb)",
                hookInstance,
                Timestamp.from(received));
        return hookInstance;
    }

    private static long count(String hookInstance) {
        return jdbc.queryForObject("SELECT count(*) FROM hook_audit WHERE hook_instance = ?", Long.class, hookInstance);
    }
}
