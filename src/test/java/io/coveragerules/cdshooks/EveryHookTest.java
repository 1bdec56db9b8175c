package io.coveragerules.cdshooks;

import static io.coveragerules.cdshooks.HookCalls.coverage;
import static io.coveragerules.cdshooks.HookCalls.order;
import static io.coveragerules.cdshooks.HookCalls.orderSign;
import static io.coveragerules.cdshooks.HookCalls.ourCoverage;
import static io.coveragerules.cdshooks.HookCalls.summaries;
import static io.coveragerules.cdshooks.HookCalls.withReason;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * Every CRD hook reaches the policy's decision through its own context: order-select through its selections,
 * order-dispatch through references to the orders, appointment-book through the orders appointments are based on.
 */
class EveryHookTest extends WithTestEhr {

    @Test
    void orderSelectDecidesOnlyTheSelectedOrders() throws Exception {
        ObjectNode request = withReason(orderSign(), "C22.0").put("hook", "order-select");
        ObjectNode second = order(request).deepCopy().put("id", "ire-2");
        ((ArrayNode) request.at("/context/draftOrders/entry")).addObject().set("resource", second);
        ((ObjectNode) request.get("context")).putArray("selections").add("ServiceRequest/ire-2");

        JsonNode answer = answer("order-select-crd", request);

        assertThat(coverage(answer)).containsExactly("ServiceRequest/ire-2=not-covered");
    }

    @Test
    void orderSignLinksToTheDocumentationFormButOrderSelectNeverAsksForDocumentation() throws Exception {
        JsonNode signed = answer("order-sign-crd", withReason(orderSign(), "C22.0"));
        ObjectNode select = withReason(orderSign(), "C22.0").put("hook", "order-select");
        ((ObjectNode) select.get("context")).putArray("selections").add("ServiceRequest/ire-1");
        JsonNode selected = answer("order-select-crd", select);

        assertThat(coverageInfo(signed, "doc-needed")).containsExactly("clinical");
        assertThat(coverageInfo(signed, "questionnaire"))
                .containsExactly("http://coverage-rules.example/fhir/Questionnaire/ire-documentation");
        assertThat(coverage(selected)).containsExactly("ServiceRequest/ire-1=not-covered");
        assertThat(coverageInfo(selected, "doc-needed")).isEmpty();
        assertThat(coverageInfo(selected, "questionnaire")).isEmpty();
    }

    private static List<String> coverageInfo(JsonNode answer, String field) {
        List<String> values = new ArrayList<>();
        answer.at("/systemActions/0/resource/extension/0/extension").forEach(e -> {
            if (e.path("url").asText().equals(field)) {
                values.add(
                        e.has("valueCode")
                                ? e.path("valueCode").asText()
                                : e.path("valueCanonical").asText());
            }
        });
        return values;
    }

    @Test
    void orderSelectWithoutSelectionsIsA400() throws Exception {
        ObjectNode request = orderSign().put("hook", "order-select");
        assertThat(postJson("/cds-services/order-select-crd", request.toString())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void orderDispatchFindsTheDispatchedOrderInThePrefetch() throws Exception {
        ObjectNode request = dispatch();
        ((ObjectNode) request.get("prefetch"))
                .set("serviceRequests", bundleOf(order(withReason(orderSign(), "C25.0"))));

        JsonNode answer = answer("order-dispatch-crd", request);

        assertThat(coverage(answer)).containsExactly("ServiceRequest/ire-1=not-covered");
        assertThat(summaries(answer)).anyMatch(s -> s.contains("pancreatic"));
        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    void orderDispatchReadsTheDispatchedOrderFromTheEhrWhenPrefetchLacksIt() throws Exception {
        ehr.with(ireOrder("C64.1"));

        JsonNode answer = answer("order-dispatch-crd", dispatch());

        assertThat(summaries(answer)).anyMatch(s -> s.contains("kidney"));
        assertThat(ehr.requests()).containsExactly("GET /fhir/ServiceRequest/ire-1");
    }

    @Test
    void orderDispatchAcceptsTheSingleOrderReferenceOfCrd201Examples() throws Exception {
        ehr.with(ireOrder("C22.0"));
        ObjectNode request = dispatch();
        ((ObjectNode) request.get("context")).remove("dispatchedOrders");
        ((ObjectNode) request.get("context")).put("order", "ServiceRequest/ire-1");

        assertThat(coverage(answer("order-dispatch-crd", request))).containsExactly("ServiceRequest/ire-1=not-covered");
    }

    @Test
    void aDispatchedOrderThatCannotBeHadAtAllIsA412() throws Exception {
        HttpResponse<String> response =
                postJson("/cds-services/order-dispatch-crd", dispatch().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(412);
        assertThat(json(response).at("/issue/0/diagnostics").asText()).contains("ServiceRequest/ire-1", "HTTP 404");
    }

    @Test
    void appointmentBookAnnotatesTheAppointmentWithTheDecisionOnItsOrder() throws Exception {
        ehr.with(ireOrder("C34.90"));
        ObjectNode request = orderSign().put("hook", "appointment-book").put("fhirServer", ehr.baseUrl());
        ObjectNode context = (ObjectNode) request.get("context");
        context.remove("draftOrders");
        ObjectNode appointment = context.putObject("appointments")
                .put("resourceType", "Bundle")
                .put("type", "collection")
                .putArray("entry")
                .addObject()
                .putObject("resource")
                .put("resourceType", "Appointment")
                .put("id", "appt-1")
                .put("status", "proposed")
                .put("start", "2026-12-01T09:00:00Z")
                .put("end", "2026-12-01T10:00:00Z");
        appointment.putArray("basedOn").addObject().put("reference", "ServiceRequest/ire-1");
        appointment
                .putArray("participant")
                .addObject()
                .put("status", "needs-action")
                .putObject("actor")
                .put("reference", "Patient/pat-1");

        JsonNode answer = answer("appointment-book-crd", request);

        assertThat(coverage(answer)).containsExactly("Appointment/appt-1=not-covered");
        assertThat(summaries(answer)).anyMatch(s -> s.contains("lung"));
    }

    @Test
    void encounterHooksAnswerWithNoCardsFromAnOrderPolicy() throws Exception {
        for (String hook : new String[] {"encounter-start", "encounter-discharge"}) {
            ObjectNode request = orderSign().put("hook", hook);
            ObjectNode context = (ObjectNode) request.get("context");
            context.remove("draftOrders");
            context.put("encounterId", "enc-1");

            JsonNode answer = answer(hook + "-crd", request);

            assertThat(answer.path("cards")).isEmpty();
            assertThat(answer.has("systemActions")).isFalse();
        }
    }

    private ObjectNode dispatch() {
        ObjectNode request = orderSign().put("hook", "order-dispatch").put("fhirServer", ehr.baseUrl());
        ObjectNode context = (ObjectNode) request.get("context");
        context.remove("draftOrders");
        context.remove("userId");
        context.putArray("dispatchedOrders").add("ServiceRequest/ire-1");
        context.put("performer", "Practitioner/pra-2");
        ehr.with(ourCoverage());
        return request;
    }

    private static ServiceRequest ireOrder(String icd10) throws Exception {
        return (ServiceRequest) FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(order(withReason(orderSign(), icd10)).toString());
    }

    private static ObjectNode bundleOf(JsonNode resource) {
        ObjectNode bundle =
                JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        bundle.putArray("entry").addObject().set("resource", resource);
        return bundle;
    }

    private JsonNode answer(String service, ObjectNode request) throws Exception {
        HttpResponse<String> response = postJson("/cds-services/" + service, request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
