package io.coveragerules.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Health and readiness say what they depend on (in full on the management port; the main port answers the status only),
 * and the audit buffer's counters are exported.
 */
class ReadinessNamesTheDatabaseTest extends ServerTest {

    @Test
    void readinessNamesTheDatabaseAndMetricsCountTheAuditBuffer() throws Exception {
        HttpResponse<String> readiness = management("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).at("/components/database/status").asText()).isEqualTo("UP");
        assertThat(json(management("/actuator/health"))
                        .at("/components/database/status")
                        .asText())
                .isEqualTo("UP");
        assertThat(management("/actuator/prometheus").body())
                .contains("crd_audit_dropped_total", "crd_audit_written_total", "crd_audit_backlog");
    }
}
