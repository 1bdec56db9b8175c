package io.coveragerules.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/** A trusted client whose keys the server holds itself (the embedded default's demo client). */
record TrustedClientKeys(String issuer, JWKSource<SecurityContext> keys) {}
