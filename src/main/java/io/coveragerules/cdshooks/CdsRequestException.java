package io.coveragerules.cdshooks;

import org.springframework.http.HttpStatus;

/**
 * A hook call the server cannot answer as sent. {@code code} is stable (clients and tests may key on it); the message
 * says what to change.
 */
public class CdsRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public CdsRequestException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static CdsRequestException badRequest(String code, String message) {
        return new CdsRequestException(HttpStatus.BAD_REQUEST, code, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
