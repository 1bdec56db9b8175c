package io.coveragerules.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OAuth2 bearer tokens on the FHIR server for whatever holds patient data (QuestionnaireResponse, AuditEvent, the DTR
 * operations), SMART Backend Services style: a JWT access token from a configured authorization server, with SMART
 * system scopes. Knowledge artefacts and the CapabilityStatement stay public.
 *
 * @param enabled on by default
 * @param issuers the authorization servers whose tokens are accepted
 */
@ConfigurationProperties("fhir.security")
record FhirSecurityProperties(@DefaultValue("true") boolean enabled, List<Issuer> issuers) {

    public FhirSecurityProperties {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
    }

    /**
     * @param issuer   the token's {@code iss}
     * @param jwksUrl  the authorization server's JWK Set
     * @param audience when set, the token's {@code aud} must hold it
     */
    public record Issuer(String issuer, String jwksUrl, String audience) {}
}
