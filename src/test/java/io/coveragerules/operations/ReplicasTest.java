package io.coveragerules.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coveragerules.CoverageRulesServer;
import io.coveragerules.cdshooks.feedback.FeedbackStore;
import io.coveragerules.dtr.QuestionnaireResponseStorageTest;
import io.coveragerules.security.LoopbackJwks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Replicas behind a load balancer share one PostgreSQL and nothing else: what one writes the other reads, and a
 * replica that is stopped in the middle of a load finishes what it accepted (graceful shutdown) so nothing is lost.
 */
class ReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void whatOneReplicaStoresTheOtherReads() throws Exception {
        try (ConfigurableApplicationContext a = replica();
                ConfigurableApplicationContext b = replica()) {
            HttpResponse<String> created = post(
                    a,
                    "/fhir/QuestionnaireResponse",
                    "application/fhir+json",
                    QuestionnaireResponseStorageTest.response(UUID.randomUUID().toString())
                            .toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).path("id").asText();

            assertThat(get(b, "/fhir/QuestionnaireResponse/" + id).statusCode()).isEqualTo(200);

            String card = UUID.randomUUID().toString();
            assertThat(post(a, "/cds-services/order-sign-crd/feedback", "application/json", """
                    {"feedback": [{"card": "%s", "outcome": "overridden", "outcomeTimestamp": "2026-11-24T10:15:30Z"}]}
                    """.formatted(card))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(b.getBean(FeedbackStore.class).forCard(card)).hasSize(1);
        }
    }

    @Test
    void aReplicaStoppedUnderLoadLosesNoRequestItAccepted() throws Exception {
        try (ConfigurableApplicationContext survivor = replica()) {
            ConfigurableApplicationContext stopped = replica();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String body = QuestionnaireResponseStorageTest.response(
                                UUID.randomUUID().toString())
                        .toString();
                calls.add(clients.submit(
                        () -> post(stopped, "/fhir/QuestionnaireResponse", "application/fhir+json", body)));
            }
            Thread.sleep(300);
            stopped.close(); // graceful: in-flight requests finish, new connections are refused
            int accepted = 0;
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response;
                try {
                    response = call.get();
                } catch (Exception refused) {
                    continue; // never accepted: the client may retry it elsewhere
                }
                if (response.statusCode() == 201) {
                    accepted++;
                    String id = JSON.readTree(response.body()).path("id").asText();
                    assertThat(get(survivor, "/fhir/QuestionnaireResponse/" + id)
                                    .statusCode())
                            .as(id)
                            .isEqualTo(200);
                } else {
                    assertThat(response.statusCode())
                            .as("an accepted request is answered, never dropped")
                            .isLessThan(500);
                }
            }
            clients.shutdownNow();
            assertThat(accepted)
                    .as("some requests were accepted before the stop")
                    .isPositive();
        }
    }

    @Test
    void aClientJwtUsedOnOneReplicaIsRefusedOnTheOther() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
        LoopbackJwks jwks = new LoopbackJwks(List.of(key.toPublicJWK()));
        String[] security = {
            "--cdshooks.security.enabled=true",
            "--crd.public-base-url=https://crd.payer.example",
            "--cdshooks.security.trusted-clients[0].issuer=https://ehr.example",
            "--cdshooks.security.trusted-clients[0].jwks-url=" + jwks.url()
        };
        try (ConfigurableApplicationContext a = replica(security);
                ConfigurableApplicationContext b = replica(security)) {
            long now = System.currentTimeMillis();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES384)
                            .type(JOSEObjectType.JWT)
                            .keyID("k1")
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer("https://ehr.example")
                            .audience("https://crd.payer.example/cds-services")
                            .issueTime(new Date(now))
                            .expirationTime(new Date(now + 300_000))
                            .jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(new ECDSASigner(key));
            String token = jwt.serialize();

            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(uri(a, "/cds-services"))
                                            .header("Authorization", "Bearer " + token)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> replayed = HTTP.send(
                    HttpRequest.newBuilder(uri(b, "/cds-services"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(replayed.body()).contains("CDS-401-replayed");
        } finally {
            jwks.close();
        }
    }

    private static ConfigurableApplicationContext replica(String... more) {
        // Command-line arguments: they outrank application.yml (builder "properties" are only defaults).
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--crd.warm-up.requests=0",
                "--crd.dtr.validator.build-before-ready=false", // built by the replicas that store responses
                "--fhir.security.enabled=false"));
        if (Arrays.stream(more).noneMatch(a -> a.startsWith("--cdshooks.security.enabled"))) {
            args.add("--cdshooks.security.enabled=false"); // repeated arguments would be joined, not overridden
        }
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(CoverageRulesServer.class).run(args.toArray(String[]::new));
    }

    private static HttpResponse<String> post(
            ConfigurableApplicationContext server, String path, String type, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(server, path))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext server, String path) {
        return URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port") + path);
    }
}
