package io.coveragerules.cdshooks;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static io.coveragerules.cdshooks.HookCalls.coverage;
import static io.coveragerules.cdshooks.HookCalls.order;
import static io.coveragerules.cdshooks.HookCalls.orderSign;
import static io.coveragerules.cdshooks.HookCalls.ourCoverage;
import static io.coveragerules.cdshooks.HookCalls.patient;
import static io.coveragerules.cdshooks.HookCalls.summaries;
import static io.coveragerules.cdshooks.HookCalls.withReason;
import static io.coveragerules.cdshooks.HookCalls.withoutPrefetch;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The seams a real EHR exposes, on the wire: the same resource known twice, a read that fails, an order that must go
 * back exactly as it came, and order-dispatch and appointment-book from a client that prefetches as discovery asks and
 * gives no FHIR server to query.
 */
class EhrSeamsTest extends WithTestEhr {

    private static final String ORDER_SIGN = "/cds-services/order-sign-crd";
    private static final String COVERAGE_INFORMATION =
            "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
    /** Reads numbers as written, so that 1.50 stays 1.50 in the comparison. */
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    // Issue 10 point 9: the same Condition twice

    @Test
    void aConditionNamedByReasonReferenceAndFoundByTheSearchIsOneCondition() throws Exception {
        ehr.with(patient(), ourCoverage(), condition("c-liver", "C22.0"));
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "conditions");
        order(request).putArray("reasonReference").addObject().put("reference", "Condition/c-liver");

        JsonNode answer = answer(ORDER_SIGN, request);

        assertThat(summaries(answer)).anyMatch(s -> s.contains("liver"));
        assertThat(ehr.requests()).contains("GET /fhir/Condition/c-liver", "GET /fhir/Condition?patient=pat-1");
    }

    @Test
    void aPrefetchBundleHoldingTheSameConditionTwiceIsAnswered() throws Exception {
        ObjectNode request = orderSign();
        ArrayNode entries = ((ObjectNode) request.at("/prefetch/conditions")).putArray("entry");
        JsonNode liver = JSON.readTree(
                FhirContext.forR4Cached().newJsonParser().encodeResourceToString(condition("c-liver", "C22.0")));
        entries.addObject().set("resource", liver);
        entries.addObject().set("resource", liver.deepCopy());

        JsonNode answer = answer(ORDER_SIGN, request);

        assertThat(summaries(answer)).anyMatch(s -> s.contains("liver"));
    }

    // Issue 10 point 5: a read that fails is said in the answer

    @Test
    void aReadThatFailsIsSaidInTheCoverageInformationAndInTheCards() throws Exception {
        ehr.mode(TestEhrServer.Mode.FAIL);
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "conditions");

        JsonNode answer = answer(ORDER_SIGN, request);

        String said = "Data could not be read from the EHR: conditions (the EHR FHIR server answered HTTP 500)";
        assertThat(reasonText(answer)).contains(said);
        assertThat(answer.path("cards").findValuesAsText("detail")).anyMatch(d -> d.contains(said));
        assertThat(summaries(answer))
                .as("decided without the data, and saying so")
                .anyMatch(s -> s.contains("no tumour site on record"));
    }

    @Test
    void whenEverythingWasReadTheAnswerSaysNothingOfTheKind() throws Exception {
        ehr.with(patient(), ourCoverage(), condition("c-liver", "C22.0"));
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "conditions");

        JsonNode answer = answer(ORDER_SIGN, request);

        assertThat(reasonText(answer)).doesNotContain("could not be read");
        assertThat(answer.path("cards").findValuesAsText("detail")).noneMatch(d -> d.contains("could not be read"));
    }

    // Issue 10 point 7: the order sent back is the order received

    @Test
    void theOrderComesBackAsSentWithOnlyTheCoverageInformationAdded() throws Exception {
        ObjectNode request = withReason(orderSign(), "C22.0");
        ObjectNode order = order(request);
        order.putObject("quantityQuantity").put("value", "DECIMAL-1").put("unit", "session");
        order.putArray("extension")
                .addObject()
                .put("url", "http://ehr.example/fhir/StructureDefinition/dose")
                .put("valueDecimal", "DECIMAL-2");
        String body = request.toString().replace("\"DECIMAL-1\"", "1.50").replace("\"DECIMAL-2\"", "2.250");

        HttpResponse<String> response = postJson(ORDER_SIGN, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"value\":1.50").contains("\"valueDecimal\":2.250");
        ObjectNode sent = (ObjectNode) EXACT.readTree(body).at("/context/draftOrders/entry/0/resource");
        ObjectNode returned = (ObjectNode) EXACT.readTree(response.body()).at("/systemActions/0/resource");
        List<JsonNode> added = new ArrayList<>();
        returned.path("extension").forEach(added::add);
        List<JsonNode> before = new ArrayList<>();
        sent.path("extension").forEach(before::add);
        assertThat(added).hasSize(before.size() + 1).startsWith(before.toArray(JsonNode[]::new));
        assertThat(added.get(added.size() - 1).path("url").asText()).isEqualTo(COVERAGE_INFORMATION);
        sent.remove("extension");
        returned.remove("extension");
        assertThat(returned).as("every other element exactly as sent").isEqualTo(sent);
    }

    // Issue 10 point 6: order-dispatch and appointment-book without EHR access

    @Test
    void discoveryOffersTheDispatchedOrdersInTheCrd201TokenForm() throws Exception {
        JsonNode prefetch = service("order-dispatch").path("prefetch");

        assertThat(prefetch.path("order").asText()).isEqualTo("{{context.order}}");
        assertThat(prefetch.path("serviceRequests").asText())
                .isEqualTo("ServiceRequest?_id={{context.dispatchedOrders.ServiceRequest.id}}");
        assertThat(prefetch.path("deviceRequests").asText())
                .isEqualTo("DeviceRequest?_id={{context.dispatchedOrders.DeviceRequest.id}}");
        assertThat(prefetch.path("coverage").asText())
                .isEqualTo("Coverage?patient={{context.patientId}}&status=active");
    }

    @Test
    void orderDispatchOfTheSingleOrderPrefetchedAsDiscoveryAsksIsDecidedWithoutAFhirServer() throws Exception {
        ehr.with(patient(), ourCoverage(), condition("c-liver", "C22.0"), ireServiceRequest("servreq-ire-1"));
        ObjectNode request = infernoShapedDispatch();
        ((ObjectNode) request.get("context")).put("order", "ServiceRequest/servreq-ire-1");

        JsonNode answer =
                answer("/cds-services/order-dispatch-crd", prefetchedAsDiscoveryAsks("order-dispatch", request));

        assertThat(coverage(answer)).containsExactly("ServiceRequest/servreq-ire-1=not-covered");
        assertThat(summaries(answer)).anyMatch(s -> s.contains("liver"));
    }

    @Test
    void orderDispatchOfDispatchedOrdersPrefetchedAsDiscoveryAsksIsDecidedWithoutAFhirServer() throws Exception {
        ehr.with(patient(), ourCoverage(), condition("c-liver", "C22.0"), ireServiceRequest("servreq-ire-2"));
        ObjectNode request = infernoShapedDispatch();
        ((ObjectNode) request.get("context")).putArray("dispatchedOrders").add("ServiceRequest/servreq-ire-2");

        JsonNode answer =
                answer("/cds-services/order-dispatch-crd", prefetchedAsDiscoveryAsks("order-dispatch", request));

        assertThat(coverage(answer)).containsExactly("ServiceRequest/servreq-ire-2=not-covered");
    }

    @Test
    void anAppointmentIsDecidedByItsOwnReasonCodeAndABasedOnThatCannotBeHadIsNo412() throws Exception {
        ehr.with(patient(), ourCoverage());
        ObjectNode request = infernoShapedAppointmentBook();
        ObjectNode appointment = (ObjectNode) request.at("/context/appointments/entry/0/resource");
        appointment
                .putArray("reasonCode")
                .addObject()
                .putArray("coding")
                .addObject()
                .put("system", HookCalls.ICD10)
                .put("code", "C25.0");

        JsonNode answer =
                answer("/cds-services/appointment-book-crd", prefetchedAsDiscoveryAsks("appointment-book", request));

        assertThat(coverage(answer)).containsExactly("Appointment/124=not-covered");
        assertThat(summaries(answer)).anyMatch(s -> s.contains("pancrea"));
    }

    @Test
    void anAppointmentIsDecidedByTheConditionItsReasonReferenceNames() throws Exception {
        Condition resolved = condition("cond015a", "C64.2");
        resolved.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
        ehr.with(patient(), ourCoverage(), resolved);
        ObjectNode request = infernoShapedAppointmentBook();

        JsonNode answer =
                answer("/cds-services/appointment-book-crd", prefetchedAsDiscoveryAsks("appointment-book", request));

        assertThat(coverage(answer)).containsExactly("Appointment/124=not-covered");
        assertThat(summaries(answer))
                .as("the resolved kidney cancer counts only as the appointment's stated reason")
                .anyMatch(s -> s.contains("kidney"));
    }

    /** The shape of Inferno's RI order-dispatch bodies (context: patientId, performer, the order(s)). */
    private static ObjectNode infernoShapedDispatch() {
        ObjectNode request = JSON.createObjectNode()
                .put("hookInstance", "2e3c0f8e-1c8e-4c52-9d0a-1f7b3c7b6a10")
                .put("hook", "order-dispatch");
        request.putObject("context").put("patientId", "pat-1").put("performer", "Practitioner/pra1234");
        return request;
    }

    /**
     * Inferno's RI appointment-book body (ri_crd_server.appointment_book_request_bodies.json #0): Appointment 124 based
     * on an order no prefetch holds, its reason a Condition; here its serviceType carries the IRE procedure code.
     */
    private static ObjectNode infernoShapedAppointmentBook() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"hookInstance": "5f2b8a36-8a51-4a0e-9b1c-4b0b9c5e2d11", "hook": "appointment-book",
                 "context": {"userId": "Practitioner/pra1234", "patientId": "pat-1",
                  "appointments": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
                   "resourceType": "Appointment", "id": "124", "status": "proposed",
                   "serviceType": [{"coding": [
                     {"system": "http://terminology.hl7.org/CodeSystem/service-type", "code": "124"},
                     {"system": "http://www.ama-assn.org/go/cpt", "code": "0600T"}]}],
                   "appointmentType": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0276",
                     "code": "FOLLOWUP"}]},
                   "reasonReference": [{"reference": "Condition/cond015a", "display": "Tumour"}],
                   "start": "2026-12-10T09:00:00Z", "end": "2026-12-10T11:00:00Z", "created": "2026-11-10",
                   "basedOn": [{"reference": "ServiceRequest/servreq-g0180-1"}],
                   "participant": [{"actor": {"reference": "Patient/pat-1"}, "required": "required",
                     "status": "accepted"}],
                   "requestedPeriod": [{"start": "2026-12-10", "end": "2026-12-10"}]}}]}}}
                """);
        return request;
    }

    private static ServiceRequest ireServiceRequest(String id) {
        ServiceRequest order = new ServiceRequest();
        order.setId(id);
        order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setCode(new CodeableConcept(new Coding("http://www.ama-assn.org/go/cpt", "0600T", null)));
        order.setSubject(new Reference("Patient/pat-1"));
        order.addInsurance(new Reference("Coverage/cov-1"));
        return order;
    }

    private ObjectNode prefetchedAsDiscoveryAsks(String hook, ObjectNode request) throws Exception {
        return new DiscoveryPrefetchingClient(JSON, ehr.baseUrl()).prefetched(service(hook), request);
    }

    private JsonNode service(String hook) throws Exception {
        for (JsonNode service : json(get("/cds-services")).path("services")) {
            if (service.path("hook").asText().equals(hook)) {
                return service;
            }
        }
        throw new AssertionError("no service for " + hook);
    }

    private static String reasonText(JsonNode answer) {
        for (JsonNode extension : answer.at("/systemActions/0/resource/extension")) {
            if (extension.path("url").asText().equals(COVERAGE_INFORMATION)) {
                for (JsonNode sub : extension.path("extension")) {
                    if (sub.path("url").asText().equals("reason")) {
                        return sub.at("/valueCodeableConcept/text").asText();
                    }
                }
            }
        }
        return "";
    }

    private ObjectNode fromEhr(ObjectNode request) {
        return request.put("fhirServer", ehr.baseUrl());
    }

    private JsonNode answer(String path, ObjectNode request) throws Exception {
        HttpResponse<String> response = postJson(path, request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
