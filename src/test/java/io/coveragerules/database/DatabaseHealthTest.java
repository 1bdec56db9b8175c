package io.coveragerules.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

/**
 * The database's health is answered at once from a background probe, and a database that cannot be reached is
 * DEGRADED, with when it went, not DOWN: the server still answers hook calls without it.
 */
class DatabaseHealthTest {

    @Test
    void anUnreachableDatabaseIsDegradedAndAskingDoesNotWaitForIt() throws Exception {
        try (HikariDataSource unreachable = new HikariDataSource()) {
            unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/postgres");
            unreachable.setConnectionTimeout(1000);
            unreachable.setInitializationFailTimeout(-1);
            DatabaseHealth health = new DatabaseHealth(unreachable, Clock.systemUTC());
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Health answer = health.health();
                while (!answer.getStatus().equals(DatabaseHealth.DEGRADED) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    answer = health.health();
                }
                assertThat(answer.getStatus()).isEqualTo(DatabaseHealth.DEGRADED);
                assertThat(answer.getDetails()).containsKeys("reason", "since");

                long start = System.nanoTime();
                health.health();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            } finally {
                health.destroy();
            }
        }
    }
}
