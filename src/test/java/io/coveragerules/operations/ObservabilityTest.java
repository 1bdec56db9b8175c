package io.coveragerules.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Operators see hook latency, decisions, EHR reads and the database pool at /actuator/prometheus, and probe the server. */
class ObservabilityTest extends ServerTest {

    @Test
    void theNamedSeriesAreExposedAfterAHookCall() throws Exception {
        String request;
        try (InputStream in = ObservabilityTest.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(postJson("/cds-services/order-sign-crd", request).statusCode())
                .isEqualTo(200);

        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern(
                        "http_server_requests_seconds_bucket\\{[^}]*outcome=\"SUCCESS\",service=\"order-sign-crd\",status=\"200\",uri=\"/cds-services/\\{id}\"")
                .contains("crd_decisions_total{covered=\"not-covered\",hook=\"order-sign\",policy=\"6.01.68\"}")
                .contains("hikaricp_connections_active");
    }

    @Test
    void readinessAndLivenessProbesAnswer() throws Exception {
        assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(get("/actuator/health/liveness").body()).contains("\"UP\"");
        assertThat(get("/actuator/health").body()).contains("\"UP\"");
    }
}
