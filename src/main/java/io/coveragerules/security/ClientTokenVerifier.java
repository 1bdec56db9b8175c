package io.coveragerules.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Verifies a CDS client's JWT as CDS Hooks 2.0 "Trusting CDS Clients" requires, with Nimbus JOSE+JWT: header alg
 * (asymmetric, configured), typ JWT and kid; a trusted iss; the key from the client's JWK Set (its configured
 * jwks-url, or a jku on its allow-list: any other jku is never fetched); the signature; aud = the URL called; exp,
 * nbf and iat within the clock skew; a jti not seen before (across replicas). JWK Sets are cached and refreshed on an
 * unknown kid at most once a minute.
 */
@Component
class ClientTokenVerifier {

    /** The authenticated client. */
    public record VerifiedClient(String issuer) {}

    private final Map<String, CdsClientSecurityProperties.TrustedClient> clients;
    private final Map<String, JWKSource<SecurityContext>> localKeys;
    private final Map<String, JWKSource<SecurityContext>> remoteKeys = new ConcurrentHashMap<>();
    private final Set<JWSAlgorithm> algorithms;
    private final Duration skew;
    private final JwtReplayStore replay;
    private final Clock clock;

    public ClientTokenVerifier(
            CdsClientSecurityProperties properties,
            List<TrustedClientKeys> localKeys,
            JwtReplayStore replay,
            Clock clock) {
        this.clients = properties.trustedClients().stream()
                .collect(Collectors.toMap(CdsClientSecurityProperties.TrustedClient::issuer, Function.identity()));
        this.localKeys =
                localKeys.stream().collect(Collectors.toMap(TrustedClientKeys::issuer, TrustedClientKeys::keys));
        this.algorithms = properties.algorithms().stream()
                .map(JWSAlgorithm::parse)
                .filter(a -> !JWSAlgorithm.Family.HMAC_SHA.contains(a))
                .collect(Collectors.toSet());
        this.skew = properties.clockSkew();
        this.replay = replay;
        this.clock = clock;
    }

    public VerifiedClient verify(String token, Collection<String> audiences) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw fail("malformed", "the bearer token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw fail(
                    "algorithm",
                    "alg %s is not accepted (asymmetric algorithms only: %s)"
                            .formatted(header.getAlgorithm(), algorithms));
        }
        if (!JOSEObjectType.JWT.equals(header.getType())) {
            throw fail("typ", "the JWT header must have typ \"JWT\"");
        }
        if (header.getKeyID() == null) {
            throw fail("kid", "the JWT header must name its key (kid)");
        }
        String issuer = claims.getIssuer();
        CdsClientSecurityProperties.TrustedClient client = issuer == null ? null : clients.get(issuer);
        JWKSource<SecurityContext> keys =
                client == null ? localKeys.get(issuer) : keySource(client, header.getJWKURL());
        if (keys == null && clients.isEmpty() && localKeys.isEmpty()) {
            throw fail(
                    "issuer",
                    "this server trusts no CDS client yet: its operator must configure"
                            + " cdshooks.security.trusted-clients (README, Security)");
        }
        if (keys == null) {
            throw fail("issuer", "iss %s is not a trusted CDS client".formatted(issuer));
        }
        JWK key = key(keys, header.getKeyID());
        try {
            JWSVerifier verifier =
                    new DefaultJWSVerifierFactory().createJWSVerifier(header, ((AsymmetricJWK) key).toPublicKey());
            if (!jwt.verify(verifier)) {
                throw fail("signature", "the JWT signature does not verify with key %s".formatted(header.getKeyID()));
            }
        } catch (JOSEException | ClassCastException e) {
            throw fail("signature", "the JWT signature cannot be verified with key %s".formatted(header.getKeyID()));
        }
        checkTimes(claims);
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw fail(
                    "audience",
                    "aud must be the URL called (%s)"
                            .formatted(audiences.iterator().next()));
        }
        if (claims.getJWTID() == null) {
            throw fail("jti", "the JWT must have a jti");
        }
        if (!replay.firstUse(
                issuer, claims.getJWTID(), claims.getExpirationTime().toInstant())) {
            throw fail("replayed", "jti %s was already used".formatted(claims.getJWTID()));
        }
        return new VerifiedClient(issuer);
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw fail("times", "the JWT must have exp and iat");
        }
        if (exp.toInstant().isBefore(now.minus(skew))) {
            throw fail("expired", "the JWT expired at %s".formatted(exp.toInstant()));
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().isAfter(now.plus(skew))) {
            throw fail(
                    "not-yet-valid",
                    "the JWT is not valid before %s"
                            .formatted(claims.getNotBeforeTime().toInstant()));
        }
        if (iat.toInstant().isAfter(now.plus(skew))) {
            throw fail("not-yet-valid", "the JWT was issued in the future (%s)".formatted(iat.toInstant()));
        }
    }

    private JWKSource<SecurityContext> keySource(CdsClientSecurityProperties.TrustedClient client, URI jku) {
        String url;
        if (jku != null) {
            if (client.allowedJku().stream().noneMatch(pattern -> matches(pattern, jku.toString()))) {
                throw fail(
                        "jku",
                        "jku %s is not on the allow-list of %s; it was not fetched".formatted(jku, client.issuer()));
            }
            url = jku.toString();
        } else if (client.jwksUrl() != null) {
            url = client.jwksUrl();
        } else {
            throw fail(
                    "keys", "no JWK Set is configured for %s and the JWT names none (jku)".formatted(client.issuer()));
        }
        return remoteKeys.computeIfAbsent(url, u -> {
            try {
                return JWKSourceBuilder.<SecurityContext>create(
                                URI.create(u).toURL(), new DefaultResourceRetriever(1000, 1000, 51_200))
                        .cache(
                                Duration.ofMinutes(15).toMillis(),
                                Duration.ofSeconds(5).toMillis())
                        .rateLimited(Duration.ofMinutes(1).toMillis())
                        .retrying(false)
                        .build();
            } catch (MalformedURLException e) {
                throw fail("keys", "the JWK Set URL %s is not a URL".formatted(u));
            }
        });
    }

    private JWK key(JWKSource<SecurityContext> keys, String kid) {
        try {
            List<JWK> found =
                    keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
            if (found.isEmpty()) {
                throw fail("kid", "no key %s in the client's JWK Set".formatted(kid));
            }
            return found.get(0);
        } catch (KeySourceException e) {
            throw fail("keys", "the client's JWK Set could not be read");
        }
    }

    private static boolean matches(String pattern, String url) {
        return pattern.endsWith("*") ? url.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(url);
    }

    private static ClientAuthenticationException fail(String reason, String message) {
        return new ClientAuthenticationException(reason, message);
    }
}
