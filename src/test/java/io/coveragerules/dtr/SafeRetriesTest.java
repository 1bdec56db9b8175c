package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A client whose write timed out can send it again without making a second QuestionnaireResponse: a conditional create
 * ({@code If-None-Exist: identifier=system|value}) finds what the first attempt stored, even when the attempts race,
 * and a PUT to an id the client chose creates the response the first time and updates it after.
 */
class SafeRetriesTest extends ServerTest {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String SYSTEM = "urn:ietf:rfc:3986";

    @Test
    void aRetriedConditionalCreateFindsTheFirstInsteadOfMakingASecond() throws Exception {
        String patient = UUID.randomUUID().toString();
        String identifier = "urn:uuid:" + UUID.randomUUID();
        ObjectNode response = withIdentifier(QuestionnaireResponseStorageTest.response(patient), identifier);

        HttpResponse<String> first = createIfNoneExist(response, "identifier=" + SYSTEM + "|" + identifier);
        HttpResponse<String> retry = createIfNoneExist(response, "identifier=" + SYSTEM + "|" + identifier);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(retry.statusCode()).as("found, not created").isEqualTo(200);
        assertThat(json(retry).path("id").asText())
                .isEqualTo(json(first).path("id").asText());
        assertThat(json(get("/fhir/QuestionnaireResponse?patient=" + patient)).path("entry"))
                .hasSize(1);
        assertThat(json(get("/fhir/QuestionnaireResponse?identifier=" + SYSTEM + "%7C" + identifier))
                        .path("entry"))
                .hasSize(1);
    }

    @Test
    void conditionalCreatesThatRaceMakeExactlyOne() throws Exception {
        String patient = UUID.randomUUID().toString();
        String identifier = "urn:uuid:" + UUID.randomUUID();
        ObjectNode response = withIdentifier(QuestionnaireResponseStorageTest.response(patient), identifier);

        List<CompletableFuture<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return createIfNoneExist(response, "QuestionnaireResponse?identifier=" + SYSTEM + "|" + identifier);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = attempts.stream()
                .map(CompletableFuture::join)
                .map(HttpResponse::statusCode)
                .sorted()
                .toList();

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 201);
        assertThat(json(get("/fhir/QuestionnaireResponse?patient=" + patient)).path("entry"))
                .hasSize(1);
    }

    @Test
    void anIfNoneExistOtherThanAnIdentifierIsA400ThatSaysWhatIsSupported() throws Exception {
        HttpResponse<String> refused = createIfNoneExist(
                QuestionnaireResponseStorageTest.response(UUID.randomUUID().toString()), "status=completed");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("identifier=system|value");
    }

    @Test
    void aPutToANewClientAssignedIdCreatesItAndARetryUpdatesIt() throws Exception {
        String id = "client-" + UUID.randomUUID();
        String patient = UUID.randomUUID().toString();
        ObjectNode response = QuestionnaireResponseStorageTest.response(patient).put("id", id);

        HttpResponse<String> created = put(id, response);
        HttpResponse<String> retried = put(id, response);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).at("/meta/versionId").asText()).isEqualTo("1");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(json(retried).at("/meta/versionId").asText()).isEqualTo("2");
        assertThat(json(get("/fhir/QuestionnaireResponse?patient=" + patient)).path("entry"))
                .hasSize(1);
    }

    @Test
    void aPutWithIfMatchToAnIdThatDoesNotExistIsA404() throws Exception {
        String id = "client-" + UUID.randomUUID();
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/fhir/QuestionnaireResponse/" + id))
                .header("Content-Type", FHIR_JSON)
                .header("If-Match", "W/\"3\"")
                .PUT(HttpRequest.BodyPublishers.ofString(QuestionnaireResponseStorageTest.response("p")
                        .put("id", id)
                        .toString())));

        assertThat(refused.statusCode()).isEqualTo(404);
    }

    private static ObjectNode withIdentifier(ObjectNode response, String value) {
        response.putObject("identifier").put("system", SYSTEM).put("value", value);
        return response;
    }

    private HttpResponse<String> createIfNoneExist(ObjectNode response, String condition) throws Exception {
        return send(HttpRequest.newBuilder(uri("/fhir/QuestionnaireResponse"))
                .header("Content-Type", FHIR_JSON)
                .header("If-None-Exist", condition)
                .POST(HttpRequest.BodyPublishers.ofString(response.toString())));
    }

    private HttpResponse<String> put(String id, ObjectNode response) throws Exception {
        return send(HttpRequest.newBuilder(uri("/fhir/QuestionnaireResponse/" + id))
                .header("Content-Type", FHIR_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(response.toString())));
    }
}
