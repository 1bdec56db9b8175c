package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Specification of what a hook call must carry, below HTTP: the request reader and the hook's order source refuse
 * what is not a CDS Hooks call for the service, each with a stable code and a message that says what to fix
 * ({@link CdsErrorHandler} turns them into a 4xx with an OperationOutcome; {@code CdsHooksBadInputTest} checks that on
 * the wire).
 */
class HookRequestReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HookRequestReader reader = new HookRequestReader(FhirContext.forR4Cached());
    private final HookCallRecord record = HookCallRecord.of(new MockHttpServletRequest());

    @Test
    void theWrongHookForTheServiceIsRefusedNamingBoth() throws IOException {
        ObjectNode request = validRequest().put("hook", "order-select");

        assertRefused(request, "CDS-400-HOOK", "answers the 'order-sign' hook but the request is for 'order-select'");
    }

    @Test
    void aMissingHookInstanceIsRefused() throws IOException {
        ObjectNode request = validRequest();
        request.remove("hookInstance");

        assertRefused(request, "CDS-400-FIELD", "'hookInstance' is required");
    }

    @Test
    void aMissingContextIsRefusedButTheCallIsRecordedUnderItsHookInstance() throws IOException {
        ObjectNode request = validRequest();
        request.remove("context");

        assertRefused(request, "CDS-400-CONTEXT", "'context' is required");
        assertThat(record.hookInstance()).isEqualTo("0b3b6b4c-2f1e-4a4c-9a6e-7d3f1a2b9c10");
    }

    @Test
    void draftOrdersThatAreNotABundleAreRefused() throws IOException {
        ObjectNode request = validRequest();
        ((ObjectNode) request.get("context"))
                .putObject("draftOrders")
                .put("resourceType", "ServiceRequest")
                .put("id", "x");

        assertOrdersRefused(request, "must be a FHIR Bundle but its resourceType is 'ServiceRequest'");
    }

    @Test
    void draftOrdersThatAreNotFhirAreRefused() throws IOException {
        ObjectNode request = validRequest();
        ((ObjectNode) request.get("context")).putArray("draftOrders").add("ServiceRequest/1");

        assertOrdersRefused(request, "'context.draftOrders' must be a FHIR Bundle");
    }

    @Test
    void missingDraftOrdersAreRefused() throws IOException {
        ObjectNode request = validRequest();
        ((ObjectNode) request.get("context")).remove("draftOrders");

        assertOrdersRefused(request, "needs 'context.draftOrders'");
    }

    @Test
    void aMalformedFhirResourceInsideTheBundleIsRefused() throws IOException {
        ObjectNode request = validRequest();
        ((ObjectNode) request.at("/context/draftOrders/entry/0/resource")).put("authoredOn", "not-a-date");

        assertOrdersRefused(request, "not a valid FHIR R4 resource");
    }

    @Test
    void anEmptyPrimitiveValueInsideTheBundleIsRefusedNotLeftToFailLater() throws IOException {
        // FHIR JSON forbids empty strings; HAPI's lenient parser only warns and the value then fails when read
        ObjectNode request = validRequest();
        ((ObjectNode) request.at("/context/draftOrders/entry/0/resource")).put("authoredOn", "");

        assertOrdersRefused(request, "not a valid FHIR R4 resource").hasMessageContaining("authoredOn");
    }

    @Test
    void anEmptyPrimitiveValueInAPrefetchedResourceIsRefused() throws IOException {
        ObjectNode request = validRequest();
        ((ObjectNode) request.at("/prefetch/patient")).put("birthDate", "");

        assertRefused(request, "CDS-400-FHIR", "prefetch.patient");
    }

    @Test
    void aValidCallIsReadWithItsPrefetchAndTheEmptyKeysItMarksAsNothingThere() throws IOException {
        ObjectNode request = validRequest();
        ((ObjectNode) request.get("prefetch")).putNull("conditions");

        HookRequest read = reader.read(request, "order-sign", record);

        assertThat(read.prefetch()).containsKeys("patient", "coverage");
        assertThat(read.prefetchSatisfied("conditions"))
                .as("null means the client found nothing")
                .isTrue();
        assertThat(read.prefetch()).doesNotContainKey("conditions");
        assertThat(OrderSource.draftOrders().read(read, reader).items()).hasSize(1);
        assertThat(record.patient()).isEqualTo("Patient/pat-1");
    }

    private void assertRefused(ObjectNode request, String code, String message) {
        assertThatThrownBy(() -> reader.read(request, "order-sign", record))
                .isInstanceOfSatisfying(
                        CdsRequestException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    private AbstractThrowableAssert<?, ?> assertOrdersRefused(ObjectNode request, String message) {
        HookRequest read = reader.read(request, "order-sign", record);
        return assertThatThrownBy(() -> OrderSource.draftOrders().read(read, reader))
                .isInstanceOfSatisfying(
                        CdsRequestException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining(message);
    }

    private static ObjectNode validRequest() throws IOException {
        try (InputStream in = HookRequestReaderTest.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
