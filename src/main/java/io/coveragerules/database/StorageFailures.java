package io.coveragerules.database;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Database failures of a FHIR-facing store become plain FHIR answers: an unreachable or overloaded database is a 503
 * the client may retry ({@code DB-503}), anything else a 500 ({@code DB-500}); never the SQL, the driver's message or a
 * class name, which go to the log only.
 */
public final class StorageFailures {

    private static final Logger log = LoggerFactory.getLogger(StorageFailures.class);

    /** HAPI has no 503 of its own; its server answers any BaseServerResponseException with its status. */
    static final class Unavailable extends BaseServerResponseException {
        Unavailable(OperationOutcome outcome) {
            super(503, "The database is not reachable", outcome);
        }
    }

    private final String store;
    private final String whenUnavailable;

    /**
     * @param store           what the client knows the store as, e.g. "The QuestionnaireResponse store"
     * @param whenUnavailable what the client should do while it is unreachable
     */
    public StorageFailures(String store, String whenUnavailable) {
        this.store = store;
        this.whenUnavailable = whenUnavailable;
    }

    public <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException e) {
            log.warn("{} unavailable: {}", store, e.getMostSpecificCause().getMessage());
            throw new Unavailable(outcome(
                    OperationOutcome.IssueType.TRANSIENT,
                    "DB-503",
                    store + " is not reachable at the moment; " + whenUnavailable));
        } catch (DataAccessException e) {
            log.error("{} failed", store, e);
            InternalErrorException failure = new InternalErrorException(store + " failed");
            failure.setOperationOutcome(
                    outcome(OperationOutcome.IssueType.EXCEPTION, "DB-500", store + " failed; the failure is logged."));
            throw failure;
        }
    }

    private static OperationOutcome outcome(OperationOutcome.IssueType type, String code, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message)
                .getDetails()
                .setText(code + ": " + message);
        return outcome;
    }
}
