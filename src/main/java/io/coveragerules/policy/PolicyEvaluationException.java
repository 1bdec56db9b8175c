package io.coveragerules.policy;

/** A policy's CQL failed on the data of one request (not at start-up): the request gets a 422, not a guess. */
public class PolicyEvaluationException extends RuntimeException {

    public PolicyEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
