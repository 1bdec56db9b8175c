package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coveragerules.dtr.QuestionnaireResponseStorageTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Patient data on the FHIR server needs an OAuth2 access token with a SMART system scope (401 without a valid token,
 * 403 without the scope); the published knowledge artefacts and the CapabilityStatement need none.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "crd.database.embedded.directory=target/test-postgres-fhir-security",
            "crd.warm-up.requests=0",
            "cdshooks.security.enabled=false"
        })
class FhirAccessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISSUER = "https://auth.payer.example";
    private static final ECKey KEY = generate();
    private static final LoopbackJwks JWKS = new LoopbackJwks(List.of(KEY.toPublicJWK()));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void authorizationServer(DynamicPropertyRegistry registry) {
        registry.add("fhir.security.issuers[0].issuer", () -> ISSUER);
        registry.add("fhir.security.issuers[0].jwks-url", JWKS::url);
    }

    @AfterAll
    static void stop() {
        JWKS.close();
    }

    @Test
    void knowledgeArtefactsAndTheCapabilityStatementArePublic() throws Exception {
        assertThat(get("/fhir/metadata", null).statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Questionnaire/ire-documentation", null).statusCode())
                .isEqualTo(200);
        assertThat(get("/fhir/Library/IrreversibleElectroporationPolicy", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void questionnaireResponsesNeedATokenWithTheirScope() throws Exception {
        assertThat(get("/fhir/QuestionnaireResponse?patient=x", null).statusCode())
                .isEqualTo(401);
        assertThat(get("/fhir/QuestionnaireResponse?patient=x", "not-a-token").statusCode())
                .isEqualTo(401);
        assertThat(get("/fhir/QuestionnaireResponse?patient=x", token("system/Questionnaire.rs"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/fhir/QuestionnaireResponse?patient=x", token("system/QuestionnaireResponse.rs"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("//fhir//QuestionnaireResponse?patient=x", null).statusCode())
                .as("no path tricks")
                .isIn(400, 401, 404);

        String body = QuestionnaireResponseStorageTest.response(
                        UUID.randomUUID().toString())
                .toString();
        assertThat(post("/fhir/QuestionnaireResponse", body, token("system/QuestionnaireResponse.rs"))
                        .statusCode())
                .as("a read scope does not write")
                .isEqualTo(403);
        assertThat(post("/fhir/QuestionnaireResponse", body, token("system/QuestionnaireResponse.cruds"))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void theAuditTrailNeedsAToken() throws Exception {
        assertThat(get("/fhir/AuditEvent?hook-instance=x", null).statusCode()).isEqualTo(401);
        assertThat(get("/fhir/AuditEvent?hook-instance=x", token("system/AuditEvent.read"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .type(JOSEObjectType.JWT)
                        .keyID("k")
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer("https://rogue.example")
                        .claim("scope", "system/*.*")
                        .issueTime(new Date(now))
                        .expirationTime(new Date(now + 60_000))
                        .build());
        jwt.sign(new ECDSASigner(KEY));
        assertThat(get("/fhir/QuestionnaireResponse?patient=x", jwt.serialize()).statusCode())
                .isEqualTo(401);
    }

    private String token(String scope) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .type(JOSEObjectType.JWT)
                        .keyID(KEY.getKeyID())
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer(ISSUER)
                        .subject("dtr-client")
                        .claim("scope", scope)
                        .issueTime(new Date(now))
                        .expirationTime(new Date(now + 300_000))
                        .jwtID(UUID.randomUUID().toString())
                        .build());
        jwt.sign(new ECDSASigner(KEY));
        return jwt.serialize();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/fhir+json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID("auth-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
