package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** CDS Hooks discovery lists the order-sign service as CRD 2.0.1 describes it. */
class DiscoveryTest extends ServerTest {

    @Test
    void discoveryListsTheOrderSignServiceWithPrefetchAndConfigurationOptions() throws Exception {
        HttpResponse<String> response = get("/cds-services");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode service = json(response).path("services").get(0);

        assertThat(service.path("id").asText()).isEqualTo("order-sign-crd");
        assertThat(service.path("hook").asText()).isEqualTo("order-sign");
        assertThat(service.path("title").asText()).isNotBlank();
        assertThat(service.path("description").asText()).isNotBlank();
        assertThat(service.at("/prefetch/patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        assertThat(service.at("/prefetch/coverage").asText())
                .isEqualTo("Coverage?patient={{context.patientId}}&status=active");
        assertThat(service.at("/prefetch/conditions").asText())
                .as("the policy's Library reads Conditions, so the service asks for them")
                .isEqualTo("Condition?patient={{context.patientId}}");

        JsonNode options = service.at("/extension/davinci-crd.configuration-options");
        // One boolean per card type the loaded policies use comes between these two: their number grows with content.
        assertThat(options.size()).isGreaterThanOrEqualTo(2);
        assertThat(options.get(0).toString())
                .isEqualTo(
                        "{\"code\":\"coverage-info\",\"type\":\"boolean\",\"name\":\"Coverage information\","
                                + "\"description\":\"Whether to return coverage information (the coverage-information system action and coverage cards)\",\"default\":true}");
        JsonNode maxCards = options.get(options.size() - 1);
        assertThat(maxCards.path("code").asText()).isEqualTo("max-cards");
        assertThat(maxCards.path("type").asText()).isEqualTo("integer");
        assertThat(maxCards.path("default").asInt()).isEqualTo(10);
        for (int i = 1; i < options.size() - 1; i++) {
            assertThat(options.get(i).path("type").asText())
                    .as("card-type option")
                    .isEqualTo("boolean");
        }
    }
}
