package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Bad hook calls get a 4xx whose body is an OperationOutcome a developer can act on: never a 500, never a stack
 * trace. On the wire: what the request must carry in detail is specified below HTTP in {@link HookRequestReaderTest}.
 */
class CdsHooksBadInputTest extends ServerTest {

    private static final String ORDER_SIGN = "/cds-services/order-sign-crd";

    @Test
    void malformedJsonIsA400ThatSaysSo() throws Exception {
        assertOperationOutcome(postJson(ORDER_SIGN, "{\"hook\": \"order-sign\", "), 400, "not well-formed JSON");
    }

    @Test
    void anEmptyBodyIsA400() throws Exception {
        assertOperationOutcome(postJson(ORDER_SIGN, ""), 400, "request body is empty");
    }

    @Test
    void aJsonArrayIsNotAHookRequest() throws Exception {
        assertOperationOutcome(postJson(ORDER_SIGN, "[]"), 400, "must be a JSON object");
    }

    @Test
    void aMissingContextIsA400() throws Exception {
        ObjectNode request = validRequest();
        request.remove("context");
        assertOperationOutcome(postJson(ORDER_SIGN, request.toString()), 400, "'context' is required");
    }

    @Test
    void aMalformedFhirResourceInsideTheBundleIsA400() throws Exception {
        ObjectNode request = validRequest();
        ((ObjectNode) request.at("/context/draftOrders/entry/0/resource")).put("authoredOn", "not-a-date");
        assertOperationOutcome(postJson(ORDER_SIGN, request.toString()), 400, "not a valid FHIR R4 resource");
    }

    @Test
    void anIllTypedConfigurationOptionIsA400() throws Exception {
        ObjectNode request = validRequest();
        request.putObject("extension").putObject("davinci-crd.configuration").put("max-cards", "ten");
        assertOperationOutcome(
                postJson(ORDER_SIGN, request.toString()), 400, "'max-cards' must be a non-negative JSON integer");
    }

    @Test
    void anUnknownConfigurationOptionIsIgnoredAsCrdRequires() throws Exception {
        ObjectNode request = validRequest();
        request.putObject("extension").putObject("davinci-crd.configuration").put("alt-drug", true);
        assertThat(postJson(ORDER_SIGN, request.toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownMembersAreIgnored() throws Exception {
        ObjectNode request = validRequest().put("somethingNew", 42);
        ((ObjectNode) request.get("context")).put("futureContextField", "x");
        assertThat(postJson(ORDER_SIGN, request.toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void anOrderThePolicyAssertsOnWithNoCoverageAnywhereIsA400() throws Exception {
        ObjectNode request = validRequest();
        ((ObjectNode) request.at("/context/draftOrders/entry/0/resource")).remove("insurance");
        ((ObjectNode) request.get("prefetch")).putNull("coverage"); // CDS Hooks: the client looked and found none
        assertOperationOutcome(postJson(ORDER_SIGN, request.toString()), 400, "No Coverage for ServiceRequest/ire-1");
    }

    @Test
    void anUnknownServiceIsA404ListingTheServices() throws Exception {
        assertOperationOutcome(
                postJson("/cds-services/no-such-service", validRequest().toString()), 404, "order-sign-crd");
    }

    @Test
    void aBodyThatIsNotJsonIsA415() throws Exception {
        assertOperationOutcome(post(ORDER_SIGN, "text/plain", "hello"), 415, "application/json");
    }

    private static ObjectNode validRequest() throws Exception {
        return (ObjectNode)
                JSON.readTree(CdsHooksBadInputTest.class.getResourceAsStream("/policy-cases/base-order-sign.json"));
    }

    private static void assertOperationOutcome(HttpResponse<String> response, int status, String messagePart)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode outcome = json(response);
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/severity").asText()).isEqualTo("error");
        assertThat(outcome.at("/issue/0/diagnostics").asText()).contains(messagePart);
        assertThat(response.body()).doesNotContain("at io.coveragerules", "Exception:");
    }
}
