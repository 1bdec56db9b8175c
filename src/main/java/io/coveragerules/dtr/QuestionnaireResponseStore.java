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

    /** Several stored responses carry the identifier a conditional create names. */
    static class MultipleMatches extends RuntimeException {
        MultipleMatches(String identifier) {
            super("Several QuestionnaireResponses carry the identifier " + identifier
                    + ": a conditional create needs at most one match");
        }
    }

    /** Advisory-lock namespace (first key) of conditional creates; the second key is the identifier's hash. */
    private static final int IDENTIFIER_LOCKS = 0x5152; // "QR"

    /** What to search for; null fields do not restrict. {@code authoredFrom} inclusive, {@code authoredTo} exclusive. */
    record Criteria(
            String subject,
            String questionnaire,
            String status,
            Instant authoredFrom,
            Instant authoredTo,
            String identifier) {}

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

    /** What a write did: the stored response, and whether it made a new one (201) or found or replaced one. */
    record Stored(QuestionnaireResponse resource, boolean created) {}

    QuestionnaireResponse create(QuestionnaireResponse response) {
        return insert(UUID.randomUUID().toString(), response);
    }

    /**
     * Conditional create ({@code If-None-Exist: identifier=system|value}): the response stored under that identifier
     * if there is one, otherwise a new one. An advisory lock on the identifier, held to the end of the transaction,
     * serialises concurrent retries of the same write, on every replica, so two can never both insert.
     *
     * @throws MultipleMatches when several stored responses carry the identifier
     */
    Stored createIfNoneExists(String identifier, QuestionnaireResponse response) {
        return transactions.execute(tx -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?, hashtext(?))", IDENTIFIER_LOCKS, identifier);
            List<QuestionnaireResponse> found = jdbc.query(
                    "SELECT resource FROM questionnaire_response WHERE identifier = ? LIMIT 2",
                    this::parse,
                    identifier);
            if (found.size() > 1) {
                throw new MultipleMatches(identifier);
            }
            if (found.size() == 1) {
                return new Stored(found.get(0), false);
            }
            return new Stored(insert(UUID.randomUUID().toString(), response), true);
        });
    }

    private QuestionnaireResponse insert(String id, QuestionnaireResponse response) {
        QuestionnaireResponse stored = stamp(response, id, 1);
        jdbc.update(
                "INSERT INTO questionnaire_response (id, version, resource, subject, questionnaire, status, authored, "
                        + "last_updated, identifier) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)",
                id,
                1L,
                json(stored),
                subject(stored),
                stored.getQuestionnaire(),
                status(stored),
                authored(stored),
                Timestamp.from(stored.getMeta().getLastUpdated().toInstant()),
                identifier(stored));
        return stored;
    }

    Optional<QuestionnaireResponse> read(String id) {
        return jdbc.query("SELECT resource FROM questionnaire_response WHERE id = ?", this::parse, id).stream()
                .findFirst();
    }

    /**
     * Replaces the stored response; a response the client names by a new id is created (FHIR update-as-create), so
     * a PUT that timed out can be sent again and never makes two. {@code expectedVersion} (from If-Match) must be the
     * stored version, when given.
     *
     * @return the stored response, or empty when If-Match named a version of a response that does not exist
     */
    Optional<Stored> update(String id, Long expectedVersion, QuestionnaireResponse response) {
        return transactions.execute(tx -> {
            List<Long> current = jdbc.queryForList(
                    "SELECT version FROM questionnaire_response WHERE id = ? FOR UPDATE", Long.class, id);
            if (current.isEmpty()) {
                if (expectedVersion != null) {
                    return Optional.empty();
                }
                QuestionnaireResponse created = stamp(response, id, 1);
                int inserted = jdbc.update(
                        "INSERT INTO questionnaire_response (id, version, resource, subject, questionnaire, status, "
                                + "authored, last_updated, identifier) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) "
                                + "ON CONFLICT (id) DO NOTHING",
                        id,
                        1L,
                        json(created),
                        subject(created),
                        created.getQuestionnaire(),
                        status(created),
                        authored(created),
                        Timestamp.from(created.getMeta().getLastUpdated().toInstant()),
                        identifier(created));
                if (inserted == 1) {
                    return Optional.of(new Stored(created, true));
                }
                // another writer created it meanwhile: this write is an update of that one
                current = jdbc.queryForList(
                        "SELECT version FROM questionnaire_response WHERE id = ? FOR UPDATE", Long.class, id);
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
                            + "status = ?, authored = ?, last_updated = ?, identifier = ? WHERE id = ?",
                    version + 1,
                    json(stored),
                    subject(stored),
                    stored.getQuestionnaire(),
                    status(stored),
                    authored(stored),
                    Timestamp.from(stored.getMeta().getLastUpdated().toInstant()),
                    identifier(stored),
                    id);
            return Optional.of(new Stored(stored, false));
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
        if (criteria.identifier() != null) {
            sql.append(" AND identifier = ?");
            args.add(criteria.identifier());
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

    /** {@code system|value} of the business identifier, as conditional creates and searches name it; or null. */
    static String identifier(QuestionnaireResponse response) {
        if (!response.hasIdentifier() || !response.getIdentifier().hasValue()) {
            return null;
        }
        String system = response.getIdentifier().getSystem();
        return (system == null ? "" : system) + "|" + response.getIdentifier().getValue();
    }

    private static Timestamp authored(QuestionnaireResponse response) {
        return response.hasAuthored() ? Timestamp.from(response.getAuthored().toInstant()) : null;
    }
}
