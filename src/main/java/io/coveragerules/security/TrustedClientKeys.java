package io.coveragerules.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/** A trusted client whose keys the server holds itself (the demo client of the profile {@code demo}). */
record TrustedClientKeys(String issuer, JWKSource<SecurityContext> keys) {}
