package io.coveragerules.cdshooks;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static io.coveragerules.cdshooks.HookCalls.coverage;
import static io.coveragerules.cdshooks.HookCalls.orderSign;
import static io.coveragerules.cdshooks.HookCalls.summaries;
import static io.coveragerules.cdshooks.HookCalls.withoutPrefetch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * An EHR configured by its exact base URL ({@code crd.ehr.allowed-fhir-servers=http://127.0.0.1:<port>/fhir}, see
 * {@link ServerTest}) that pages its search results two a page: the next-page links live under that base, so they
 * are followed, and a Condition on page 2 decides the order.
 */
class ExactBaseEhrTest extends ServerTest {

    @Test
    void aConditionOnPage2OfAnEhrAllowedByItsExactBaseDecidesTheOrder() throws Exception {
        // A patient of its own on the JVM-wide server, so no other test's data is on its pages.
        EHR_BY_EXACT_BASE.with(
                forPatient(condition("pg-c1", "I10")),
                forPatient(condition("pg-c2", "E11.9")),
                forPatient(condition("pg-c3", "C25.0")));
        ObjectNode request =
                withoutPrefetch(orderSign(), "conditions").put("fhirServer", EHR_BY_EXACT_BASE.baseUrlByAddress());
        ((ObjectNode) request.get("context")).put("patientId", "pat-paging");

        HttpResponse<String> response = postJson("/cds-services/order-sign-crd", request.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(summaries(answer)).as("the pancreatic cancer is on page 2").anyMatch(s -> s.contains("pancrea"));
        assertThat(coverage(answer)).containsExactly("ServiceRequest/ire-1=not-covered");
        assertThat(EHR_BY_EXACT_BASE.requests())
                .as("page 2 is a query on the base itself: /fhir?_getpages=...")
                .anyMatch(r -> r.startsWith("GET /fhir?_getpages="));
    }

    private static Condition forPatient(Condition condition) {
        return condition.setSubject(new Reference("Patient/pat-paging"));
    }
}
