package io.coveragerules.cdshooks.feedback;

import io.coveragerules.cdshooks.CdsRequestException;
import java.sql.Array;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Card feedback in PostgreSQL, shared by every replica. A repeat of the same feedback replaces the earlier copy, so a
 * client may resend what a 503 (the database not reachable) refused.
 */
@Repository
class DatabaseFeedbackStore implements FeedbackStore {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFeedbackStore.class);

    private final JdbcTemplate jdbc;

    DatabaseFeedbackStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(CardFeedback feedback) {
        try {
            insert(feedback);
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException e) {
            log.warn(
                    "Card feedback storage unavailable: {}",
                    e.getMostSpecificCause().getMessage());
            throw new CdsRequestException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "CDS-503-STORAGE",
                    "Feedback cannot be kept at the moment; send it again later (a repeat replaces the earlier copy).");
        }
    }

    private void insert(CardFeedback feedback) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO card_feedback (service_id, card, outcome, accepted_suggestions, override_reason,
                                               override_reason_display, user_comment, outcome_timestamp)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (card, outcome, outcome_timestamp) DO UPDATE SET
                        service_id = excluded.service_id, accepted_suggestions = excluded.accepted_suggestions,
                        override_reason = excluded.override_reason, override_reason_display = excluded.override_reason_display,
                        user_comment = excluded.user_comment, received_at = now()""");
            statement.setString(1, feedback.serviceId());
            statement.setString(2, feedback.card());
            statement.setString(3, feedback.outcome());
            statement.setArray(
                    4,
                    connection.createArrayOf(
                            "text", feedback.acceptedSuggestions().toArray()));
            statement.setString(5, feedback.overrideReason());
            statement.setString(6, feedback.overrideReasonDisplay());
            statement.setString(7, feedback.userComment());
            statement.setTimestamp(8, Timestamp.from(feedback.outcomeTimestamp()));
            return statement;
        });
    }

    @Override
    public List<CardFeedback> forCard(String cardUuid) {
        return jdbc.query(
                "SELECT * FROM card_feedback WHERE card = ? ORDER BY outcome_timestamp, id",
                (row, i) -> {
                    Array suggestions = row.getArray("accepted_suggestions");
                    return new CardFeedback(
                            row.getString("service_id"),
                            row.getString("card"),
                            row.getString("outcome"),
                            Arrays.asList((String[]) suggestions.getArray()),
                            row.getString("override_reason"),
                            row.getString("override_reason_display"),
                            row.getString("user_comment"),
                            row.getTimestamp("outcome_timestamp").toInstant());
                },
                cardUuid);
    }
}
