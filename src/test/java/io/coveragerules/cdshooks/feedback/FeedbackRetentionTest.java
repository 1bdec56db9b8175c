package io.coveragerules.cdshooks.feedback;

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
 * Card feedback is kept for {@code crd.retention.feedback} and then purged, by one replica at a time: a purge that finds
 * another holding the lock deletes nothing.
 */
class FeedbackRetentionTest {

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
                            .formatted(RetentionPurge.LOCK_NAMESPACE, FeedbackRetention.FEEDBACK_LOCK));

            assertThat(retention(Duration.ofDays(30)).purge()).isEqualTo(-1);
            assertThat(count(old)).isOne();
        }
        assertThat(retention(Duration.ofDays(30)).purge()).isPositive();
        assertThat(count(old)).isZero();
    }

    private static FeedbackRetention retention(Duration keep) {
        return new FeedbackRetention(DATABASE.jdbc(), Clock.systemUTC(), new FeedbackRetention.Settings(keep));
    }

    private static String insert(Instant received) {
        String card = UUID.randomUUID().toString();
        DATABASE.jdbc()
                .update(
                        "INSERT INTO card_feedback (service_id, card, outcome, outcome_timestamp, received_at) "
                                + "VALUES ('order-sign-crd', ?, 'overridden', ?, ?)",
                        card,
                        Timestamp.from(received),
                        Timestamp.from(received));
        return card;
    }

    private static long count(String card) {
        return DATABASE.jdbc().queryForObject("SELECT count(*) FROM card_feedback WHERE card = ?", Long.class, card);
    }
}
