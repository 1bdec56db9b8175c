package io.coveragerules.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.CoverageRulesServer;
import io.coveragerules.dtr.QuestionnaireResponseStorageTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real PostgreSQL stopped under load and started again on the same port and data: while it is down, order-sign keeps
 * answering 200, QuestionnaireResponse reads and writes, feedback and AuditEvent reads answer 503 at once with a plain
 * OperationOutcome (no SQL, no class names), health answers at once and says what is down (readiness stays 200: the
 * hook calls are still served), and the audit records of the calls answered meanwhile are written once it is back.
 */
class DatabaseOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path folder;

    private int serverPort;
    private int managementPort;

    @Test
    void aDatabaseThatGoesAwayCostsOnlyWhatNeedsItAndNothingHangs() throws Exception {
        int databasePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            databasePort = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = database(databasePort);
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(CoverageRulesServer.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--crd.warm-up.requests=0",
                        "--cdshooks.security.enabled=false",
                        "--fhir.security.enabled=false")) {
            serverPort = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
            managementPort = Integer.parseInt(server.getEnvironment().getProperty("local.management.port"));
            String stored = JSON.readTree(writeResponse().body()).path("id").asText();
            List<Long> writeMillisBefore = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(writeResponse().statusCode()).isEqualTo(201);
                writeMillisBefore.add((System.nanoTime() - start) / 1_000_000);
            }

            postgres.close(); // the outage begins
            awaitHealth("DEGRADED", Duration.ofSeconds(10));

            List<Long> writeMillis = new ArrayList<>();
            List<Long> readMillis = new ArrayList<>();
            List<String> answeredDuringOutage = new ArrayList<>();
            int orderSignOther = 0;
            long outageEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < outageEnd || writeMillis.size() < 5) {
                long start = System.nanoTime();
                HttpResponse<String> write = writeResponse();
                writeMillis.add((System.nanoTime() - start) / 1_000_000);
                assertPlain503(write, "DB-503");
                start = System.nanoTime();
                HttpResponse<String> read = get("/fhir/QuestionnaireResponse/" + stored);
                readMillis.add((System.nanoTime() - start) / 1_000_000);
                assertPlain503(read, "DB-503");
                String hookInstance = UUID.randomUUID().toString();
                if (orderSign(hookInstance).statusCode() == 200) {
                    answeredDuringOutage.add(hookInstance);
                } else {
                    orderSignOther++;
                }
            }
            assertPlain503(get("/fhir/AuditEvent?hook-instance=x"), "DB-503");
            assertPlain503(feedback(), "CDS-503-STORAGE");

            long healthStart = System.nanoTime();
            HttpResponse<String> health = management("/actuator/health");
            long healthMillis = (System.nanoTime() - healthStart) / 1_000_000;
            HttpResponse<String> readiness = management("/actuator/health/readiness");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body())
                            .at("/components/database/status")
                            .asText())
                    .isEqualTo("DEGRADED");
            assertThat(readiness.statusCode())
                    .as("the pod keeps serving hook calls")
                    .isEqualTo(200);
            assertThat(JSON.readTree(readiness.body())
                            .at("/components/database/status")
                            .asText())
                    .isEqualTo("DEGRADED");

            System.out.printf(
                    "database down: QuestionnaireResponse writes %d answered 503 in p50 %d ms, max %d ms (p50 %d ms"
                            + " before the outage, answered 201), reads %d answered 503 in p50 %d ms, max %d ms;"
                            + " health in %d ms; order-sign %d answered 200, %d other%n",
                    writeMillis.size(),
                    median(writeMillis),
                    max(writeMillis),
                    median(writeMillisBefore),
                    readMillis.size(),
                    median(readMillis),
                    max(readMillis),
                    healthMillis,
                    answeredDuringOutage.size(),
                    orderSignOther);
            assertThat(orderSignOther).as("order-sign needs no database").isZero();
            // Fails fast instead of hanging (the pool's connection timeout is 1 s); the bounds leave room for a
            // loaded machine: a write also pays for its profile validation, measured before the outage.
            assertThat(max(readMillis)).as("a read while the database is down").isLessThan(3_000);
            assertThat(median(writeMillis))
                    .as("a write while the database is down, beside one before")
                    .isLessThan(median(writeMillisBefore) + 3_000);
            assertThat(healthMillis).as("health answers from its last probe").isLessThan(2_000);

            long back = System.nanoTime();
            postgres = database(databasePort); // the outage ends
            int status = 0;
            while (status != 201
                    && System.nanoTime() - back < Duration.ofSeconds(30).toNanos()) {
                status = writeResponse().statusCode();
            }
            assertThat(status)
                    .as("writes succeed again once the database is back")
                    .isEqualTo(201);
            long recoveredMillis = (System.nanoTime() - back) / 1_000_000;
            awaitHealth("UP", Duration.ofSeconds(10));
            long audited = awaitAudited(answeredDuringOutage, Duration.ofSeconds(30));
            System.out.printf(
                    "database back: first write 201 %d ms after its start; audit records of the %d calls answered "
                            + "during the outage written: %d%n",
                    recoveredMillis, answeredDuringOutage.size(), audited);
            assertThat(audited).isEqualTo(answeredDuringOutage.size());
            assertThat(management("/actuator/prometheus").body()).contains("crd_audit_dropped_total 0.0");
        } finally {
            postgres.close();
        }
    }

    private static long median(List<Long> millis) {
        return millis.stream().sorted().toList().get(millis.size() / 2);
    }

    private static long max(List<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private EmbeddedPostgres database(int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(folder.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start();
    }

    private static void assertPlain503(HttpResponse<String> response, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/details/text").asText()).startsWith(code);
        assertThat(response.body())
                .as("no internals")
                .doesNotContain("SQL", "Exception", "org.", "HAPI-", "jdbc", "FATAL");
    }

    private long awaitAudited(List<String> hookInstances, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long found = 0;
        while (System.nanoTime() < deadline) {
            found = 0;
            for (String hookInstance : hookInstances) {
                found += JSON.readTree(get("/fhir/AuditEvent?hook-instance=" + hookInstance)
                                .body())
                        .path("entry")
                        .size();
            }
            if (found == hookInstances.size()) {
                return found;
            }
            Thread.sleep(500);
        }
        return found;
    }

    private void awaitHealth(String status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode health = JSON.readTree(management("/actuator/health").body());
            if (health.at("/components/database/status").asText().equals(status)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the database's health did not turn " + status + " within " + within);
    }

    private HttpResponse<String> writeResponse() throws Exception {
        return send(HttpRequest.newBuilder(uri("/fhir/QuestionnaireResponse"))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(QuestionnaireResponseStorageTest.response(
                                UUID.randomUUID().toString())
                        .toString())));
    }

    private HttpResponse<String> orderSign(String hookInstance) throws Exception {
        return send(HttpRequest.newBuilder(uri("/cds-services/order-sign-crd"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        WriteLoad.orderSign().put("hookInstance", hookInstance).toString())));
    }

    private HttpResponse<String> feedback() throws Exception {
        return send(HttpRequest.newBuilder(uri("/cds-services/order-sign-crd/feedback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"feedback": [{"card": "%s", "outcome": "overridden", "outcomeTimestamp": "2026-11-24T10:15:30Z"}]}
                        """.formatted(UUID.randomUUID()))));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    /** Health in full (with its components) and metrics are on the management port. */
    private HttpResponse<String> management(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + serverPort + path);
    }
}
