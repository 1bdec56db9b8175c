package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * QuestionnaireResponses in PostgreSQL: the resource whole (jsonb) plus the columns searches use. Updates take the row
 * lock and check the expected version, so two writers holding the same version cannot both win (no lost update).
 */
@Repository
class QuestionnaireResponseStore {

    /** The version an update expected is not the stored one. */
    static class VersionConflict extends RuntimeException {
        VersionConflict(String message) {
            super(message);
        }
    }

    /** What to search for; null fields do not restrict. {@code authoredFrom} inclusive, {@code authoredTo} exclusive. */
    record Criteria(String subject, String questionnaire, String status, Instant authoredFrom, Instant authoredTo) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FhirContext fhirContext;
    private final Clock clock;

    QuestionnaireResponseStore(
            JdbcTemplate jdbc, TransactionTemplate transactions, FhirContext fhirContext, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fhirContext = fhirContext;
        this.clock = clock;
    }

    QuestionnaireResponse create(QuestionnaireResponse response) {
        String id = UUID.randomUUID().toString();
        QuestionnaireResponse stored = stamp(response, id, 1);
        jdbc.update(
                "INSERT INTO questionnaire_response (id, version, resource, subject, questionnaire, status, authored, last_updated) "
                        + "VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?)",
                id,
                1L,
                json(stored),
                subject(stored),
                stored.getQuestionnaire(),
                status(stored),
                authored(stored),
                Timestamp.from(stored.getMeta().getLastUpdated().toInstant()));
        return stored;
    }

    Optional<QuestionnaireResponse> read(String id) {
        return jdbc.query("SELECT resource FROM questionnaire_response WHERE id = ?", this::parse, id).stream()
                .findFirst();
    }

    /**
     * Replaces the stored response. {@code expectedVersion} (from If-Match) must be the stored version, when given.
     *
     * @return the stored response, or empty when no response has this id
     */
    Optional<QuestionnaireResponse> update(String id, Long expectedVersion, QuestionnaireResponse response) {
        return transactions.execute(tx -> {
            List<Long> current = jdbc.queryForList(
                    "SELECT version FROM questionnaire_response WHERE id = ? FOR UPDATE", Long.class, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            long version = current.get(0);
            if (expectedVersion != null && expectedVersion != version) {
                throw new VersionConflict(
                        "QuestionnaireResponse/%s is at version %d, not %d: read it again and re-apply the change"
                                .formatted(id, version, expectedVersion));
            }
            QuestionnaireResponse stored = stamp(response, id, version + 1);
            jdbc.update(
                    "UPDATE questionnaire_response SET version = ?, resource = ?::jsonb, subject = ?, questionnaire = ?, "
                            + "status = ?, authored = ?, last_updated = ? WHERE id = ?",
                    version + 1,
                    json(stored),
                    subject(stored),
                    stored.getQuestionnaire(),
                    status(stored),
                    authored(stored),
                    Timestamp.from(stored.getMeta().getLastUpdated().toInstant()),
                    id);
            return Optional.of(stored);
        });
    }

    List<QuestionnaireResponse> search(Criteria criteria) {
        StringBuilder sql = new StringBuilder("SELECT resource FROM questionnaire_response WHERE true");
        List<Object> args = new ArrayList<>();
        if (criteria.subject() != null) {
            sql.append(" AND subject = ?");
            args.add(criteria.subject());
        }
        if (criteria.questionnaire() != null) {
            sql.append(" AND (questionnaire = ? OR questionnaire LIKE ?)");
            args.add(criteria.questionnaire());
            args.add(criteria.questionnaire() + "|%");
        }
        if (criteria.status() != null) {
            sql.append(" AND status = ?");
            args.add(criteria.status());
        }
        if (criteria.authoredFrom() != null) {
            sql.append(" AND authored >= ?");
            args.add(Timestamp.from(criteria.authoredFrom()));
        }
        if (criteria.authoredTo() != null) {
            sql.append(" AND authored < ?");
            args.add(Timestamp.from(criteria.authoredTo()));
        }
        sql.append(" ORDER BY last_updated DESC, id LIMIT 1000");
        return jdbc.query(sql.toString(), this::parse, args.toArray());
    }

    private QuestionnaireResponse stamp(QuestionnaireResponse response, String id, long version) {
        QuestionnaireResponse stored = response.copy();
        stored.setId(id);
        stored.getMeta().setVersionId(Long.toString(version)).setLastUpdated(Date.from(clock.instant()));
        return stored;
    }

    private String json(QuestionnaireResponse response) {
        return fhirContext.newJsonParser().encodeResourceToString(response);
    }

    private QuestionnaireResponse parse(ResultSet row, int index) throws SQLException {
        return fhirContext.newJsonParser().parseResource(QuestionnaireResponse.class, row.getString("resource"));
    }

    private static String subject(QuestionnaireResponse response) {
        return response.getSubject().getReference();
    }

    private static String status(QuestionnaireResponse response) {
        return response.hasStatus() ? response.getStatus().toCode() : "in-progress";
    }

    private static Timestamp authored(QuestionnaireResponse response) {
        return response.hasAuthored() ? Timestamp.from(response.getAuthored().toInstant()) : null;
    }
}
