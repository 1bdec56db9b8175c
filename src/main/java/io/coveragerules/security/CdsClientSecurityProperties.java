package io.coveragerules.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CDS Hooks client authentication ("Trusting CDS Clients"): every call to {@code /cds-services} carries a JWT signed
 * by a trusted client.
 *
 * @param enabled        on by default; off only for a closed test bench
 * @param clockSkew      tolerance on exp, nbf and iat
 * @param algorithms     asymmetric JWS algorithms accepted (never none, never HMAC)
 * @param trustedClients the EHRs this payer trusts
 */
@ConfigurationProperties("cdshooks.security")
record CdsClientSecurityProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60s") Duration clockSkew,

        @DefaultValue({"ES384", "RS384", "ES256", "RS256", "ES512", "RS512", "PS256", "PS384", "PS512"})
        List<String> algorithms,

        List<TrustedClient> trustedClients) {

    public CdsClientSecurityProperties {
        trustedClients = trustedClients == null ? List.of() : List.copyOf(trustedClients);
    }

    /**
     * @param issuer     the client's {@code iss}
     * @param jwksUrl    where its JWK Set is, when it does not send {@code jku}
     * @param allowedJku {@code jku} URLs it may name (exact, or ending in {@code *}); any other is never fetched
     */
    public record TrustedClient(String issuer, String jwksUrl, List<String> allowedJku) {
        public TrustedClient {
            allowedJku = allowedJku == null ? List.of() : List.copyOf(allowedJku);
        }
    }
}
