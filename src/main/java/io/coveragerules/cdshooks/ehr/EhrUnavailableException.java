package io.coveragerules.cdshooks.ehr;

/** Data could not be read from the EHR (unreachable, timed out, refused, or a link off the allow-list). */
class EhrUnavailableException extends RuntimeException {

    EhrUnavailableException(String message) {
        super(message);
    }
}
