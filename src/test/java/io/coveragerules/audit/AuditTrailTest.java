package io.coveragerules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every hook call and its answer is kept in PostgreSQL and found again, as a FHIR AuditEvent, by the
 * coverage-assertion-id a dispute names: who asked, when, how long it took, the policy and version, the decision.
 */
class AuditTrailTest extends ServerTest {

    @Test
    void aCoverageAssertionIsFoundInTheAuditTrailByItsId() throws Exception {
        ObjectNode request = liverOrderSign();
        String hookInstance = UUID.randomUUID().toString();
        request.put("hookInstance", hookInstance);
        JsonNode answer = json(postJson("/cds-services/order-sign-crd", request.toString()));
        String assertionId = null;
        for (JsonNode sub : answer.at("/systemActions/0/resource/extension/0/extension")) {
            if (sub.path("url").asText().equals("coverage-assertion-id")) {
                assertionId = sub.path("valueString").asText();
            }
        }
        assertThat(assertionId).isNotNull();

        JsonNode event = awaitOne("/fhir/AuditEvent?coverage-assertion-id=" + assertionId)
                .at("/entry/0/resource");

        assertThat(event.at("/subtype/0/code").asText()).isEqualTo("order-sign");
        assertThat(event.path("outcome").asText()).isEqualTo("0");
        assertThat(event.toString())
                .contains(hookInstance, "ServiceRequest/ire-1", "6.01.68|2025-01-01", "not-covered", "Patient/pat-1");
        assertThat(event.toString())
                .as("no clinical data from the request")
                .doesNotContain("C22.0", "Testpatient", "MRN-0001");
        assertThat(json(get("/fhir/AuditEvent?entity-name=" + assertionId)).path("entry"))
                .hasSize(1);
    }

    @Test
    void aRefusedCallIsAuditedToo() throws Exception {
        ObjectNode request = liverOrderSign();
        String hookInstance = UUID.randomUUID().toString();
        request.put("hookInstance", hookInstance).put("hook", "order-select");

        assertThat(postJson("/cds-services/order-sign-crd", request.toString()).statusCode())
                .isEqualTo(400);

        JsonNode event = awaitOne("/fhir/AuditEvent?hook-instance=" + hookInstance);
        assertThat(event.at("/entry/0/resource/outcome").asText()).isEqualTo("4");
    }

    private JsonNode awaitOne(String query) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            JsonNode bundle = json(get(query));
            if (bundle.path("entry").size() == 1) {
                return bundle;
            }
            Thread.sleep(100); // the trail is written off the request path
        }
        throw new AssertionError("no audit record for " + query);
    }

    private static ObjectNode liverOrderSign() throws Exception {
        try (InputStream in = AuditTrailTest.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            ObjectNode request = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) request.at("/context/draftOrders/entry/0/resource"))
                    .putArray("reasonCode")
                    .addObject()
                    .putArray("coding")
                    .addObject()
                    .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                    .put("code", "C22.0");
            return request;
        }
    }
}
