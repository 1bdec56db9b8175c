package io.coveragerules.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operators see hook latency, decisions, EHR reads and the database pool at /actuator/prometheus on the management
 * port (never the public one), and probe the server on either.
 */
class ObservabilityTest extends ServerTest {

    @Test
    void theNamedSeriesAreExposedAfterAHookCall() throws Exception {
        String request;
        try (InputStream in = ObservabilityTest.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(postJson("/cds-services/order-sign-crd", request).statusCode())
                .isEqualTo(200);

        HttpResponse<String> metrics = management("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern(
                        "http_server_requests_seconds_bucket\\{[^}]*outcome=\"SUCCESS\",service=\"order-sign-crd\",status=\"200\",uri=\"/cds-services/\\{id}\"")
                .contains("crd_decisions_total{covered=\"not-covered\",hook=\"order-sign\",policy=\"6.01.68\"}")
                .contains("hikaricp_connections_active");
    }

    @Test
    void metricsAndInfoAreOnTheManagementPortOnly() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/info").statusCode()).isEqualTo(404);
        assertThat(get("/actuator").statusCode()).isEqualTo(404);
        assertThat(management("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(management("/actuator/info").statusCode()).isEqualTo(200);
    }

    @Test
    void readinessAndLivenessProbesAnswerOnTheMainPort() throws Exception {
        for (String probe : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            HttpResponse<String> health = get(probe);
            assertThat(health.statusCode()).as(probe).isEqualTo(200);
            assertThat(json(health).path("status").asText()).as(probe).isEqualTo("UP");
            assertThat(json(health).has("components"))
                    .as("details stay on the management port")
                    .isFalse();
        }
        assertThat(get("/readyz").body()).contains("\"UP\"");
        assertThat(get("/livez").body()).contains("\"UP\"");
        assertThat(get("/actuator/health/db").statusCode()).isEqualTo(404);
    }

    @Test
    void healthInFullIsOnTheManagementPort() throws Exception {
        assertThat(management("/actuator/health").body()).contains("\"UP\"");
        assertThat(management("/actuator/health/readiness").body()).contains("\"UP\"");
    }
}
