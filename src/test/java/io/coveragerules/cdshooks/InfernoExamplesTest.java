package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import io.coveragerules.conformance.CrdProfileValidator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inferno's CRD server test kit, replayed: its example hook requests ({@code ../shared/inferno/crd/}, the folder set
 * by {@code inferno.examples.dir}) go to the service discovery lists for their hook, and the answers are held to the
 * checks Inferno makes (tests 1.02-1.03, 2.01-2.04, 3.x.05-3.x.11 and the required card types of 3.7). Inferno's own
 * orders (a hospital bed, home health) concern no loaded policy; the same requests with the orders made IRE orders
 * (CPT 0600T for a liver cancer) must also carry the coverage information Inferno requires on primary hooks.
 */
class InfernoExamplesTest extends ServerTest {

    private static final Path EXAMPLES = Path.of(System.getProperty(
            "inferno.examples.dir",
            Path.of(System.getProperty("fhir.packages.dir", "../shared/fhir-packages"))
                    .resolveSibling("inferno/crd")
                    .toString()));
    private static final Set<String> PRIMARY = Set.of("order-sign", "order-dispatch", "appointment-book");
    private static final Map<String, Set<String>> COVERAGE_INFO_TYPES = Map.of(
            "appointment-book",
            Set.of("Appointment"),
            "encounter-start",
            Set.of("Encounter"),
            "encounter-discharge",
            Set.of("Encounter"));
    private static final Set<String> ORDER_TYPES =
            Set.of("DeviceRequest", "MedicationRequest", "NutritionOrder", "ServiceRequest", "VisionPrescription");
    /** The one validator message Inferno's CRD suite ignores (2.0.1 does not list Appointment as a context). */
    private static final String IGNORED = "ext-coverage-information is not allowed to be used at this point";
    /**
     * Two of the kit's spec fixtures cannot be answered as sent: one is not valid FHIR (an Appointment.end of
     * "2019-08-10T09:10:00:00-06:00"), the other dispatches ServiceRequest/example, which no file holds.
     */
    private static final Map<String, Integer> NOT_ANSWERABLE =
            Map.of("appointment_book_hook_request.json#0", 400, "order_dispatch_hook_request.json#0", 412);

    /**
     * Stands in for Inferno's reference FHIR server: it serves every resource found in the example files, so requests
     * whose prefetch leaves out an order (appointment-book's basedOn) are completed from it, as they would be in a
     * real Inferno run.
     */
    private static TestEhrServer ehr;

    @BeforeAll
    static void startReferenceServer() throws Exception {
        ehr = new TestEhrServer();
        IParser parser = FhirContext.forR4Cached().newJsonParser();
        for (Arguments request : requests().toList()) {
            for (JsonNode resource : ((JsonNode) request.get()[1]).findParents("resourceType")) {
                if (!resource.path("resourceType").asText().equals("Bundle") && resource.has("id")) {
                    try {
                        ehr.with((Resource) parser.parseResource(resource.toString()));
                    } catch (DataFormatException invalidFixture) {
                        // the one fixture that is not valid FHIR (see NOT_ANSWERABLE)
                    }
                }
            }
        }
    }

    @AfterAll
    static void stopReferenceServer() throws Exception {
        ehr.close();
    }

    static Stream<Arguments> requests() throws IOException {
        List<Arguments> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.getFileName()
                            .toString()
                            .matches("ri_crd_server\\..*request_bod(y|ies)\\.json|.*_hook_request\\.json"))
                    .sorted()
                    .toList()) {
                JsonNode content = JSON.readTree(file.toFile());
                List<JsonNode> bodies = new ArrayList<>();
                if (content.isArray()) {
                    content.forEach(bodies::add);
                } else {
                    bodies.add(content);
                }
                for (int i = 0; i < bodies.size(); i++) {
                    requests.add(Arguments.of(file.getFileName() + "#" + i, bodies.get(i)));
                }
            }
        }
        return requests.stream();
    }

    @Test
    void discoveryPassesInfernosDiscoveryChecks() throws Exception {
        HttpResponse<String> response = get("/cds-services");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode services = json(response).get("services");
        assertThat(services.isArray()).isTrue();
        for (JsonNode service : services) {
            assertThat(service.get("hook").isTextual()).isTrue();
            assertThat(service.get("description").isTextual()).isTrue();
            assertThat(service.get("id").isTextual()).isTrue();
        }
        assertThat(services.findValuesAsText("hook"))
                .containsExactlyInAnyOrder(
                        "order-sign",
                        "order-select",
                        "order-dispatch",
                        "appointment-book",
                        "encounter-start",
                        "encounter-discharge");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void infernosOwnRequestsGetValidAnswers(String name, JsonNode body) throws Exception {
        ObjectNode request = againstReferenceServer(body);
        if (NOT_ANSWERABLE.containsKey(name)) {
            HttpResponse<String> response =
                    postJson("/cds-services/" + serviceId(request.path("hook").asText()), request.toString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(NOT_ANSWERABLE.get(name));
            assertThat(json(response).path("resourceType").asText()).isEqualTo("OperationOutcome");
            return;
        }
        assertInfernoResponseChecks(call(request), false, request.path("hook").asText());
    }

    static Stream<Arguments> answerableRequests() throws IOException {
        return requests().filter(a -> !NOT_ANSWERABLE.containsKey((String) a.get()[0]));
    }

    @ParameterizedTest(name = "{0} with IRE orders")
    @MethodSource("answerableRequests")
    void infernosRequestsWithIreOrdersCarryCoverageInformation(String name, JsonNode body) throws Exception {
        ObjectNode request = againstReferenceServer(body);
        boolean ireOrders = withIreOrders(request);
        String hook = request.path("hook").asText();
        JsonNode answer = call(request);
        assertInfernoResponseChecks(answer, ireOrders, hook);
        if (PRIMARY.contains(hook) && ireOrders) {
            assertCoverageInformation(answer, hook);
            assertThat(answer.path("cards"))
                    .as("External Reference card (3.x.07)")
                    .anyMatch(c -> !c.path("links").isEmpty()
                            && allMatch(
                                    c.path("links"),
                                    l -> l.path("type").asText().equals("absolute")));
            assertThat(answer.path("cards"))
                    .as("Instructions card (3.x.09)")
                    .anyMatch(c ->
                            c.path("links").isEmpty() && c.path("suggestions").isEmpty());
        }
    }

    private static ObjectNode againstReferenceServer(JsonNode body) {
        ObjectNode request = (ObjectNode) body.deepCopy();
        if (request.has("fhirServer")) {
            request.put("fhirServer", ehr.baseUrl());
        }
        return request;
    }

    private String serviceId(String hook) throws Exception {
        return json(get("/cds-services")).get("services").findParents("hook").stream()
                .filter(s -> s.path("hook").asText().equals(hook))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asText();
    }

    private JsonNode call(JsonNode body) throws Exception {
        HttpResponse<String> response =
                postJson("/cds-services/" + serviceId(body.path("hook").asText()), body.toString());
        assertThat(response.statusCode())
                .as("2.01: 200 and valid JSON; " + response.body())
                .isEqualTo(200);
        return json(response);
    }

    /** Inferno 2.04 / 3.x.05 (crd_service_response_validation) and 3.x.06 (card optional fields). */
    private static void assertInfernoResponseChecks(JsonNode answer, boolean requireSystemActions, String hook) {
        assertThat(answer.get("cards")).as("cards").isNotNull();
        assertThat(answer.get("cards").isArray()).isTrue();
        if (requireSystemActions && PRIMARY.contains(hook)) {
            assertThat(answer.get("systemActions"))
                    .as("systemActions are required for " + hook)
                    .isNotNull();
        }
        for (JsonNode card : answer.get("cards")) {
            assertThat(card.path("summary").isTextual()).isTrue();
            assertThat(card.path("summary").asText().length()).isLessThan(140);
            assertThat(card.path("indicator").asText()).isIn("info", "warning", "critical");
            assertThat(card.at("/source/label").isTextual()).isTrue();
            assertThat(card.at("/source/topic/code").isTextual()).isTrue();
            assertThat(card.at("/source/topic/system").isTextual()).isTrue();
            assertThat(card.path("uuid").isTextual()).isTrue();
            for (JsonNode link : card.path("links")) {
                assertThat(link.path("label").isTextual()).isTrue();
                assertThat(link.path("url").isTextual()).isTrue();
                assertThat(link.path("type").asText()).isIn("absolute", "smart");
                if (link.path("type").asText().equals("absolute")) {
                    assertThat(link.has("appContext")).isFalse();
                }
            }
            if (!card.path("suggestions").isEmpty()) {
                assertThat(card.path("selectionBehavior").asText()).isIn("at-most-one", "any");
            }
        }
        for (JsonNode action : answer.path("systemActions")) {
            assertThat(action.path("type").asText()).isIn("create", "update", "delete");
            assertThat(action.path("description").isTextual()).isTrue();
            assertThat(action.path("resource").path("resourceType").isTextual()).isTrue();
        }
    }

    /** Inferno 3.x.10 and 3.x.11: coverage information on a resource of the hook's type, valid against its profile. */
    private static void assertCoverageInformation(JsonNode answer, String hook) {
        Set<String> types = COVERAGE_INFO_TYPES.getOrDefault(hook, ORDER_TYPES);
        List<JsonNode> coverageActions = new ArrayList<>();
        for (JsonNode action : answer.path("systemActions")) {
            JsonNode resource = action.path("resource");
            if (types.contains(resource.path("resourceType").asText())
                    && resource.path("extension").findValuesAsText("url").stream()
                            .anyMatch(u -> u.endsWith("/ext-coverage-information"))) {
                coverageActions.add(action);
            }
        }
        assertThat(coverageActions)
                .as("3.x.10: a coverage-information system action on " + types)
                .isNotEmpty();
        for (JsonNode action : coverageActions) {
            assertThat(action.path("type").asText()).isEqualTo("update");
            IBaseResource resource = FhirContext.forR4Cached()
                    .newJsonParser()
                    .parseResource(action.get("resource").toString());
            List<String> errors =
                    CrdProfileValidator.get().errors(resource, CrdProfileValidator.crdProfileFor(resource)).stream()
                            .filter(e -> !(resource.fhirType().equals("Appointment") && e.contains(IGNORED)))
                            .toList();
            assertThat(errors)
                    .as("3.x.11: valid against " + CrdProfileValidator.crdProfileFor(resource))
                    .isEmpty();
        }
    }

    /**
     * Every ServiceRequest and DeviceRequest in the request becomes CPT 0600T for a liver cancer, and the patient's
     * conditions are prefetched. Whether there was any such order to change.
     */
    private static boolean withIreOrders(ObjectNode request) {
        List<ObjectNode> orders = new ArrayList<>();
        request.findParents("resourceType").forEach(r -> {
            String type = r.path("resourceType").asText();
            if (type.equals("ServiceRequest") || type.equals("DeviceRequest")) {
                orders.add((ObjectNode) r);
            }
        });
        for (ObjectNode order : orders) {
            ObjectNode code = JSON.createObjectNode();
            code.putArray("coding")
                    .addObject()
                    .put("system", "http://www.ama-assn.org/go/cpt")
                    .put("code", "0600T");
            order.set(
                    order.path("resourceType").asText().equals("DeviceRequest") ? "codeCodeableConcept" : "code", code);
            order.putArray("reasonCode")
                    .addObject()
                    .putArray("coding")
                    .addObject()
                    .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                    .put("code", "C22.0");
        }
        ObjectNode prefetch =
                request.has("prefetch") ? (ObjectNode) request.get("prefetch") : request.putObject("prefetch");
        prefetch.putObject("conditions").put("resourceType", "Bundle").put("type", "searchset");
        // appointment-book: the orders the appointments are based on travel in the prefetch, as CRD's templates ask.
        JsonNode appointments = request.at("/context/appointments/entry");
        if (appointments.isArray()) {
            ArrayNode serviceRequests = prefetch.putObject("serviceRequests")
                    .put("resourceType", "Bundle")
                    .put("type", "searchset")
                    .putArray("entry");
            for (JsonNode entry : appointments) {
                for (JsonNode basedOn : entry.at("/resource/basedOn")) {
                    String id = basedOn.path("reference").asText().replace("ServiceRequest/", "");
                    serviceRequests
                            .addObject()
                            .set(
                                    "resource",
                                    ireServiceRequest(
                                            id, request.at("/context/patientId").asText()));
                }
            }
        }
        return !orders.isEmpty()
                || request.at("/prefetch/serviceRequests/entry").size() > 0;
    }

    private static ObjectNode ireServiceRequest(String id, String patientId) {
        ObjectNode order = JSON.createObjectNode()
                .put("resourceType", "ServiceRequest")
                .put("id", id)
                .put("status", "draft")
                .put("intent", "order")
                .put("authoredOn", "2026-11-20");
        order.putObject("code")
                .putArray("coding")
                .addObject()
                .put("system", "http://www.ama-assn.org/go/cpt")
                .put("code", "0600T");
        order.putArray("reasonCode")
                .addObject()
                .putArray("coding")
                .addObject()
                .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                .put("code", "C22.0");
        order.putObject("subject").put("reference", "Patient/" + patientId);
        order.putObject("requester").put("reference", "Practitioner/pra1234");
        return order;
    }

    private static boolean allMatch(JsonNode array, Predicate<JsonNode> predicate) {
        for (JsonNode item : array) {
            if (!predicate.test(item)) {
                return false;
            }
        }
        return true;
    }
}
