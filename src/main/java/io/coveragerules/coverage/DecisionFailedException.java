package io.coveragerules.coverage;

/** A policy could not be evaluated on the data of one request: the caller answers with an error, not a guess. */
public class DecisionFailedException extends RuntimeException {

    DecisionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
