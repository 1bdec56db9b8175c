package io.coveragerules.security;

/** A CDS client's JWT failed a check; the message names the check (it goes back to the client in a 401). */
class ClientAuthenticationException extends RuntimeException {

    private final String reason;

    public ClientAuthenticationException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A short, stable name of the failed check (also a metric tag). */
    public String reason() {
        return reason;
    }
}
