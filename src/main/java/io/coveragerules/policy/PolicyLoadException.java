package io.coveragerules.policy;

/** Content that cannot be served. Thrown at start-up so that a bad file stops the server with a message naming it. */
class PolicyLoadException extends RuntimeException {

    public PolicyLoadException(String message) {
        super(message);
    }

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
