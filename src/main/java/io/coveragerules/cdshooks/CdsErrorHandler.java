package io.coveragerules.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.coverage.DecisionFailedException;
import io.coveragerules.security.RequestSizeLimitFilter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failed hook call gets a 4xx (or, for our own faults, a 5xx) whose body is a FHIR OperationOutcome that says
 * what to fix (CRD: "SHALL provide an OperationOutcome"), never a stack trace.
 */
@RestControllerAdvice(assignableTypes = CdsServicesController.class)
class CdsErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(CdsErrorHandler.class);

    private final FhirContext fhirContext;

    CdsErrorHandler(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @ExceptionHandler(CdsRequestException.class)
    ResponseEntity<String> badRequest(CdsRequestException e) {
        return outcome(
                e.status(),
                e.status().is5xxServerError()
                        ? OperationOutcome.IssueType.TRANSIENT
                        : OperationOutcome.IssueType.INVALID,
                e.code(),
                e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        if (RequestSizeLimitFilter.causedByTooLargeBody(e)) {
            return outcome(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    OperationOutcome.IssueType.TOOLONG,
                    "HTTP-413",
                    "The request body is larger than this server accepts (crd.input.max-request-size).");
        }
        String detail = e.getMostSpecificCause() == null
                ? ""
                : ": " + firstLine(e.getMostSpecificCause().getMessage());
        return outcome(
                HttpStatus.BAD_REQUEST,
                OperationOutcome.IssueType.STRUCTURE,
                "CDS-400-JSON",
                "The request body is missing or is not well-formed JSON" + detail);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e) {
        return outcome(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                OperationOutcome.IssueType.NOTSUPPORTED,
                "CDS-415",
                "Send the hook request as Content-Type: application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
        return outcome(
                HttpStatus.METHOD_NOT_ALLOWED,
                OperationOutcome.IssueType.NOTSUPPORTED,
                "CDS-405",
                "Use GET /cds-services for discovery and POST /cds-services/{id} to call a service.");
    }

    @ExceptionHandler(DecisionFailedException.class)
    ResponseEntity<String> unprocessable(DecisionFailedException e) {
        log.warn("{}", e.getMessage());
        return outcome(
                HttpStatus.UNPROCESSABLE_ENTITY, OperationOutcome.IssueType.PROCESSING, "CRD-422-EVAL", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        log.error("Unexpected failure answering a hook call", e);
        return outcome(
                HttpStatus.INTERNAL_SERVER_ERROR,
                OperationOutcome.IssueType.EXCEPTION,
                "CDS-500",
                "The server failed to answer this call; the failure is logged.");
    }

    private ResponseEntity<String> outcome(
            HttpStatus status, OperationOutcome.IssueType type, String code, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message)
                .getDetails()
                .setText(code + ": " + message);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(fhirContext.newJsonParser().encodeResourceToString(outcome));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson appends the source position after " at [Source"; keep the position, drop the echo of the input.
        return line.replaceAll("\\(for Object starting at.*", "").trim();
    }
}
