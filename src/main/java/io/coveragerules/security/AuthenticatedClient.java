package io.coveragerules.security;

import jakarta.servlet.http.HttpServletRequest;

/** The CDS client a request was authenticated as, for whoever records the call. */
public final class AuthenticatedClient {

    private static final String ATTRIBUTE = AuthenticatedClient.class.getName() + ".issuer";

    private AuthenticatedClient() {}

    /** The authenticated client's issuer ({@code iss}), or null when the request was not authenticated. */
    public static String issuer(HttpServletRequest request) {
        return (String) request.getAttribute(ATTRIBUTE);
    }

    static void set(HttpServletRequest request, String issuer) {
        request.setAttribute(ATTRIBUTE, issuer);
    }
}
