package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile input gets a clear 4xx with an OperationOutcome, and the server stays healthy. */
class HostileInputTest extends ServerTest {

    private static final String ORDER_SIGN = "/cds-services/order-sign-crd";

    @AfterEach
    void serverStaysHealthy() throws Exception {
        assertThat(get("/actuator/health").body()).contains("\"UP\"");
    }

    @Test
    void aBodyOverTheSizeLimitIsA413BeforeItIsRead() throws Exception {
        HttpResponse<String> response = postJson(ORDER_SIGN, "{\"hook\": \"" + "x".repeat(6 * 1024 * 1024) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("OperationOutcome", "crd.input.max-request-size");
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitIsA413() throws Exception {
        byte[] body = ("{\"hook\": \"order-sign\", \"padding\": [" + "\"0123456789\",".repeat(500_000) + "\"end\"]}")
                .getBytes(StandardCharsets.UTF_8); // 6.5 MB of small strings, so only the size limit can stop it
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(ORDER_SIGN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    }

    @Test
    void deepNestingIsA400() throws Exception {
        assertOutcome(postJson(ORDER_SIGN, "[".repeat(5000) + "]".repeat(5000)), 400);
    }

    @Test
    void duplicateMemberNamesAreA400() throws Exception {
        assertOutcome(
                postJson(
                        ORDER_SIGN,
                        "{\"hook\": \"order-sign\", \"hook\": \"order-select\", \"hookInstance\": \"x\", \"context\": {}}"),
                400);
    }

    @Test
    void invalidUtf8IsA400() throws Exception {
        byte[] body = {'{', '"', 'h', 'o', 'o', 'k', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertOutcome(
                send(HttpRequest.newBuilder(uri(ORDER_SIGN))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))),
                400);
    }

    @Test
    void aHugeStringIsA400() throws Exception {
        assertOutcome(
                postJson(ORDER_SIGN, "{\"hook\": \"order-sign\", \"hookInstance\": \"" + "x".repeat(2_000_000) + "\"}"),
                400);
    }

    @Test
    void wrongTypesInTheHookRequestAreA400() throws Exception {
        assertOutcome(postJson(ORDER_SIGN, "{\"hook\": 42, \"hookInstance\": [], \"context\": \"x\"}"), 400);
        assertOutcome(
                postJson(
                        ORDER_SIGN,
                        "{\"hook\": \"order-sign\", \"hookInstance\": \"x\", \"context\": {\"patientId\": 7, "
                                + "\"draftOrders\": {\"resourceType\": \"Bundle\"}}}"),
                400);
    }

    @Test
    void aWrongTypedElementInsideAFhirResourceIsIgnoredAsHapiAndCrdHaveIt() throws Exception {
        // HAPI's lenient parser drops an element of the wrong JSON type (CRD: ignore what is not understood); EHRs send
        // such slips (Inferno's own order-sign example has one), and the order is then decided on what remains.
        HttpResponse<String> response = postJson(
                ORDER_SIGN,
                "{\"hook\": \"order-sign\", \"hookInstance\": \"x\", \"context\": "
                        + "{\"patientId\": \"p\", \"draftOrders\": {\"resourceType\": \"Bundle\", \"entry\": \"many\"}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedAndNothingLeaks() throws Exception {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <QuestionnaireResponse xmlns="http://hl7.org/fhir"><status value="&xxe;"/></QuestionnaireResponse>
                """;
        HttpResponse<String> response = post("/fhir/QuestionnaireResponse", "application/fhir+xml", xml);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("root:");
    }

    @Test
    void idsWithPathTricksAreRefused() throws Exception {
        for (String path : new String[] {
            "/fhir/Library/..%2F..%2Fetc%2Fpasswd",
            "/fhir/Library/%2e%2e%2f%2e%2e%2fpom.xml",
            "/policies/..%2F..%2Fpom.xml",
            "/policies/..%252F..%252Fpom.xml",
            "/fhir/Library/a%00b"
        }) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isBetween(400, 499);
            assertThat(response.body()).as(path).doesNotContain("<project", "root:");
        }
    }

    private static void assertOutcome(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("OperationOutcome").doesNotContain("at io.", "at com.", "Exception");
    }
}
