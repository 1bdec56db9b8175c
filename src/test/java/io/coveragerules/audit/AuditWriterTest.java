package io.coveragerules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coveragerules.cdshooks.events.HookCallAnswered;
import io.coveragerules.database.MigratedDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit writer, below HTTP, against a real PostgreSQL: what it accepted before a graceful stop is written, and
 * when the database is gone its backlog stays within the buffer's bound, with what did not fit counted as dropped.
 */
class AuditWriterTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase();

    @Test
    void everythingAcceptedBeforeAGracefulStopIsWritten() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AuditWriter writer =
                new AuditWriter(DATABASE.dataSource(), new AuditSettings(10_000, 500, Duration.ofSeconds(20)), metrics);
        writer.start();
        String service = "stop-" + UUID.randomUUID();
        for (int i = 0; i < 3_000; i++) {
            writer.offer(call(service));
        }

        writer.stop();

        assertThat(new JdbcTemplate(DATABASE.dataSource())
                        .queryForObject("SELECT count(*) FROM hook_audit WHERE service_id = ?", Long.class, service))
                .isEqualTo(3_000);
        assertThat(metrics.counter("crd.audit.written").count()).isEqualTo(3_000);
        assertThat(metrics.counter("crd.audit.dropped").count()).isZero();
    }

    @Test
    void withTheDatabaseGoneTheBacklogIsBoundedAndWhatDidNotFitIsCounted() {
        try (HikariDataSource unreachable = new HikariDataSource()) {
            unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/postgres");
            unreachable.setConnectionTimeout(250);
            unreachable.setInitializationFailTimeout(-1);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AuditWriter writer =
                    new AuditWriter(unreachable, new AuditSettings(100, 10, Duration.ofSeconds(1)), metrics);
            writer.start();

            for (int i = 0; i < 1_000; i++) {
                writer.offer(call("down"));
            }
            assertThat(writer.backlog()).isLessThanOrEqualTo(100);
            assertThat(metrics.counter("crd.audit.dropped").count()).isGreaterThanOrEqualTo(890);

            long start = System.nanoTime();
            writer.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("a stop waits for the drain no longer than its bound")
                    .isLessThan(Duration.ofSeconds(8));
            assertThat(metrics.counter("crd.audit.dropped").count())
                    .as("what could not be written by the end of the stop is counted too")
                    .isEqualTo(1_000);
        }
    }

    private static HookCallAnswered call(String service) {
        return new HookCallAnswered(
                UUID.randomUUID().toString(),
                service,
                "order-sign",
                null,
                "Patient/p",
                200,
                Instant.now(),
                3,
                List.of(new HookCallAnswered.OrderDecision(
                        "ServiceRequest/s",
                        "6.01.68",
                        "2025-01-01",
                        "not-covered",
                        UUID.randomUUID().toString())));
    }
}
