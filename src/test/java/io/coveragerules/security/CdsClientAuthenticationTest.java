package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * CDS Hooks "Trusting CDS Clients": every attack on the client JWT is a 401 with WWW-Authenticate and an
 * OperationOutcome naming the failed check; valid ES384 and RS384 tokens pass. Keys are made here and served from a
 * loopback JWKS endpoint; a jku off the allow-list is never contacted.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"crd.database.embedded.directory=target/test-postgres-security", "crd.warm-up.requests=5"})
class CdsClientAuthenticationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISSUER = "https://ehr-a.example";
    private static final ECKey EC_KEY = generateEc("ec-1");
    private static final RSAKey RSA_KEY = generateRsa("rsa-1");
    private static final ECKey OTHER_KEY = generateEc("ec-1"); // same kid, not the client's
    private static final LoopbackJwks JWKS = new LoopbackJwks(List.of(EC_KEY.toPublicJWK(), RSA_KEY.toPublicJWK()));
    private static final LoopbackJwks ATTACKER = new LoopbackJwks(List.of(OTHER_KEY.toPublicJWK()));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void trustedClient(DynamicPropertyRegistry registry) {
        registry.add("cdshooks.security.enabled", () -> "true");
        registry.add("cdshooks.security.trusted-clients[0].issuer", () -> ISSUER);
        registry.add("cdshooks.security.trusted-clients[0].allowed-jku[0]", () -> jwksUrl() + "*");
    }

    @AfterAll
    static void stopServers() {
        JWKS.close();
        ATTACKER.close();
    }

    @Test
    void validEs384AndRs384TokensPass() throws Exception {
        assertThat(discovery(sign(EC_KEY, JWSAlgorithm.ES384, claims(discoveryUrl()))))
                .isEqualTo(200);
        assertThat(discovery(sign(RSA_KEY, JWSAlgorithm.RS384, claims(discoveryUrl()))))
                .isEqualTo(200);
    }

    @Test
    void aMissingTokenIs401() throws Exception {
        assertRefused(
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(discoveryUrl())).build(),
                        HttpResponse.BodyHandlers.ofString()),
                "missing");
    }

    @Test
    void aMalformedTokenIs401() throws Exception {
        assertRefused(call("not.a.jwt"), "malformed");
    }

    @Test
    void algNoneIs401() throws Exception {
        assertRefused(call(new PlainJWT(claims(discoveryUrl())).serialize()), "malformed");
    }

    @Test
    void hs256WithThePublicKeyAsSecretIs401() throws Exception {
        byte[] secret = EC_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256, EC_KEY.getKeyID()), claims(discoveryUrl()));
        jwt.sign(new MACSigner(secret));
        assertRefused(call(jwt.serialize()), "algorithm");
    }

    @Test
    void aTokenSignedWithTheWrongKeyIs401() throws Exception {
        assertRefused(call(sign(OTHER_KEY, JWSAlgorithm.ES384, claims(discoveryUrl()))), "signature");
    }

    @Test
    void anUnknownKidIs401() throws Exception {
        assertRefused(call(sign(generateEc("unknown-kid"), JWSAlgorithm.ES384, claims(discoveryUrl()))), "kid");
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims(discoveryUrl()))
                .expirationTime(new Date(System.currentTimeMillis() - 600_000))
                .build();
        assertRefused(call(sign(EC_KEY, JWSAlgorithm.ES384, expired)), "expired");
    }

    @Test
    void aTokenNotYetValidIs401() throws Exception {
        JWTClaimsSet future = new JWTClaimsSet.Builder(claims(discoveryUrl()))
                .notBeforeTime(new Date(System.currentTimeMillis() + 600_000))
                .build();
        assertRefused(call(sign(EC_KEY, JWSAlgorithm.ES384, future)), "not-yet-valid");
    }

    @Test
    void theWrongAudienceIs401() throws Exception {
        assertRefused(
                call(sign(EC_KEY, JWSAlgorithm.ES384, claims("https://another.example/cds-services"))), "audience");
    }

    @Test
    void anUntrustedIssuerIs401() throws Exception {
        JWTClaimsSet other = new JWTClaimsSet.Builder(claims(discoveryUrl()))
                .issuer("https://rogue.example")
                .build();
        assertRefused(call(sign(EC_KEY, JWSAlgorithm.ES384, other)), "issuer");
    }

    @Test
    void aReplayedJtiIs401() throws Exception {
        String token = sign(EC_KEY, JWSAlgorithm.ES384, claims(discoveryUrl()));
        assertThat(discovery(token)).isEqualTo(200);
        assertRefused(call(token), "replayed");
    }

    @Test
    void aJkuOffTheAllowListIs401AndNeverContacted() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .type(JOSEObjectType.JWT)
                        .keyID("ec-1")
                        .jwkURL(URI.create(ATTACKER.url()))
                        .build(),
                claims(discoveryUrl()));
        jwt.sign(new ECDSASigner(OTHER_KEY));
        assertRefused(call(jwt.serialize()), "jku");
        assertThat(ATTACKER.requests()).isZero();
    }

    @Test
    void aServiceCallIsAuthenticatedWithItsOwnUrlAsAudience() throws Exception {
        String url = "http://localhost:" + port + "/cds-services/order-sign-crd";
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + sign(EC_KEY, JWSAlgorithm.ES384, claims(discoveryUrl())))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(refused, "audience");
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + sign(EC_KEY, JWSAlgorithm.ES384, claims(url)))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode())
                .as("authenticated, then refused for its (empty) content")
                .isEqualTo(400);
    }

    @Test
    void aTokenForAnotherServiceIsRefusedWhateverForwardingHeadersTheCallerAdds() throws Exception {
        // Issue 11, point 1: a trusted EHR's token minted for another service, replayed here with headers that would
        // make this server believe it is that service.
        String otherService = "https://other-service.example.org/cds-services/order-sign-crd";
        HttpResponse<String> forged = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cds-services/order-sign-crd"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + sign(EC_KEY, JWSAlgorithm.ES384, claims(otherService)))
                        .header("X-Forwarded-Host", "other-service.example.org")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Port", "443")
                        .header("Forwarded", "host=other-service.example.org;proto=https")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertRefused(forged, "audience");
    }

    private int discovery(String token) throws Exception {
        return call(token).statusCode();
    }

    private HttpResponse<String> call(String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(discoveryUrl()))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(JSON.readTree(response.body()).at("/issue/0/details/text").asText())
                .isEqualTo("CDS-401-" + reason);
    }

    private String discoveryUrl() {
        return "http://localhost:" + port + "/cds-services";
    }

    private static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        JWSHeader header = new JWSHeader.Builder(algorithm)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .jwkURL(URI.create(jwksUrl() + "jwks.json"))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
        return new JWSHeader.Builder(algorithm)
                .type(JOSEObjectType.JWT)
                .keyID(kid)
                .jwkURL(URI.create(jwksUrl() + "jwks.json"))
                .build();
    }

    private static JWTClaimsSet claims(String audience) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .issueTime(new Date(now))
                .expirationTime(new Date(now + 300_000))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private static String jwksUrl() {
        return "http://localhost:" + JWKS.port() + "/";
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
