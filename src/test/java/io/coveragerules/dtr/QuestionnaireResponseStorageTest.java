package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * QuestionnaireResponses through the FHIR server, kept in PostgreSQL: validated against the DTR profile on the way in,
 * read back whole, found by each search parameter, and never silently overwritten by a concurrent writer.
 */
public class QuestionnaireResponseStorageTest extends ServerTest {

    private static final String FHIR_JSON = "application/fhir+json";

    @Test
    void aValidResponseIsStoredAndReadBackWhole() throws Exception {
        ObjectNode response = response(UUID.randomUUID().toString());

        HttpResponse<String> created = post("/fhir/QuestionnaireResponse", FHIR_JSON, response.toString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("W/\"1\"");
        String id = json(created).path("id").asText();
        JsonNode read = json(get("/fhir/QuestionnaireResponse/" + id));
        assertThat(read.at("/meta/versionId").asText()).isEqualTo("1");
        assertThat(read.path("item")).isEqualTo(response.path("item"));
        assertThat(read.path("extension")).isEqualTo(response.path("extension"));
    }

    @Test
    void anInvalidResponseIsA422AndNothingIsStored() throws Exception {
        String patient = UUID.randomUUID().toString();
        ObjectNode response = response(patient);
        response.remove("extension"); // DTR: qr-context (coverage and order) and intendedUse are required

        HttpResponse<String> refused = post("/fhir/QuestionnaireResponse", FHIR_JSON, response.toString());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(refused.body()).contains("qr-context");
        assertThat(json(get("/fhir/QuestionnaireResponse?patient=" + patient)).path("entry"))
                .isEmpty();
    }

    @Test
    void responsesAreFoundByEachSearchParameter() throws Exception {
        String patient = UUID.randomUUID().toString();
        String first = create(response(patient).put("status", "completed").put("authored", "2026-10-01T09:00:00Z"));
        String second = create(response(patient).put("status", "in-progress").put("authored", "2026-11-20T09:00:00Z"));
        create(response(UUID.randomUUID().toString()));

        assertThat(ids("patient=" + patient)).containsExactlyInAnyOrder(first, second);
        assertThat(ids("subject=Patient/" + patient)).containsExactlyInAnyOrder(first, second);
        assertThat(ids("patient=" + patient + "&status=completed")).containsExactly(first);
        assertThat(ids("patient=" + patient + "&authored=ge2026-11-01")).containsExactly(second);
        assertThat(ids("patient=" + patient + "&authored=lt2026-11-01")).containsExactly(first);
        assertThat(ids("patient=" + patient
                        + "&questionnaire=http://coverage-rules.example/fhir/Questionnaire/ire-documentation"))
                .containsExactlyInAnyOrder(first, second);
        assertThat(ids("patient=" + patient + "&questionnaire=http://example.org/other"))
                .isEmpty();
    }

    @Test
    void anUpdateWithTheCurrentVersionSucceedsAndBumpsTheVersion() throws Exception {
        ObjectNode response = response(UUID.randomUUID().toString());
        String id = create(response);

        HttpResponse<String> updated = put(id, response.put("id", id).put("status", "completed"), "W/\"1\"");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(get("/fhir/QuestionnaireResponse/" + id))
                        .at("/meta/versionId")
                        .asText())
                .isEqualTo("2");
    }

    @Test
    void ofTwoConcurrentUpdatesOfTheSameVersionOneWinsAndTheOtherGetsA409() throws Exception {
        ObjectNode response = response(UUID.randomUUID().toString());
        String id = create(response);
        response.put("id", id);

        List<CompletableFuture<HttpResponse<String>>> updates = new ArrayList<>();
        for (String status : new String[] {"completed", "amended"}) {
            ObjectNode change = response.deepCopy().put("status", status);
            updates.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return put(id, change, "W/\"1\"");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = updates.stream()
                .map(CompletableFuture::join)
                .map(HttpResponse::statusCode)
                .sorted()
                .toList();

        assertThat(statuses).containsExactly(200, 409);
        assertThat(json(get("/fhir/QuestionnaireResponse/" + id))
                        .at("/meta/versionId")
                        .asText())
                .isEqualTo("2");
    }

    private String create(ObjectNode response) throws Exception {
        HttpResponse<String> created = post("/fhir/QuestionnaireResponse", FHIR_JSON, response.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("id").asText();
    }

    private HttpResponse<String> put(String id, ObjectNode response, String ifMatch) throws Exception {
        return send(HttpRequest.newBuilder(uri("/fhir/QuestionnaireResponse/" + id))
                .header("Content-Type", FHIR_JSON)
                .header("If-Match", ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(response.toString())));
    }

    private List<String> ids(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        json(get("/fhir/QuestionnaireResponse?" + query))
                .path("entry")
                .forEach(e -> ids.add(e.at("/resource/id").asText()));
        return ids;
    }

    /** A DTR QuestionnaireResponse for the IRE documentation form, about the given patient. */
    public static ObjectNode response(String patientId) throws Exception {
        try (InputStream in =
                QuestionnaireResponseStorageTest.class.getResourceAsStream("/dtr/questionnaire-response-liver.json")) {
            ObjectNode response = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) response.get("subject")).put("reference", "Patient/" + patientId);
            return response;
        }
    }
}
