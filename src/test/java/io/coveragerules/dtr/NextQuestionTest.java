package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import io.coveragerules.conformance.CrdProfileValidator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/**
 * The adaptive IRE form through SDC {@code $next-question}: a group at a time, only the questions that apply given the
 * answers so far, a 400 for a required question left unanswered, and {@code completed} at the end. Every answer is a
 * valid SDC QuestionnaireResponse whose contained Questionnaire is a valid DTR adaptive Questionnaire (Inferno 2.10).
 */
class NextQuestionTest extends ServerTest {

    private static final String SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
    private static final String DTR = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/";

    @Test
    void theFormIsAskedStepByStepAndOnlyWhatAppliesUntilItIsCompleted() throws Exception {
        JsonNode response = next(initial(), true);
        assertThat(askedLinkIds(response)).containsExactly("order", "procedure");

        response = next(answer(response, "procedure", coding("http://www.ama-assn.org/go/cpt", "0600T")), false);
        assertThat(askedLinkIds(response)).contains("diagnosis", "organ", "diagnosis-code", "primary-or-metastatic");

        response = answer(response, "organ", coding("http://snomed.info/sct", "10200004"));
        response = answer(
                response, "diagnosis-code", JSON.createObjectNode().put("valueString", "C22.0 Liver cell carcinoma"));
        response = next(response, false);
        assertThat(askedLinkIds(response))
                .as("trial id and rationale wait for the answers they depend on")
                .contains("route", "clinical-trial", "exception-requested", "alternatives-considered")
                .doesNotContain("trial-id", "exception-rationale");

        response = answer(response, "clinical-trial", JSON.createObjectNode().put("valueBoolean", true));
        response =
                answer(response, "exception-requested", JSON.createObjectNode().put("valueBoolean", false));
        response = next(response, false);
        assertThat(askedLinkIds(response)).contains("trial-id").doesNotContain("exception-rationale");

        response = next(answer(response, "trial-id", JSON.createObjectNode().put("valueString", "NCT03899636")), false);
        assertThat(askedLinkIds(response)).contains("attestation");

        response = next(answer(response, "attestation", JSON.createObjectNode().put("valueBoolean", true)), false);
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(askedLinkIds(response)).doesNotContain("exception-rationale");

        // saved as DTR asks (qr-context for the coverage and the order, intendedUse), still declaring SDC's adaptive
        // profile: validated against it and against the contained form it answers
        ObjectNode saved = response.deepCopy();
        ArrayNode extensions = saved.putArray("extension");
        for (String context : new String[] {"Coverage/cov-1", "ServiceRequest/ire-1"}) {
            extensions
                    .addObject()
                    .put("url", DTR + "qr-context")
                    .putObject("valueReference")
                    .put("reference", context);
        }
        extensions
                .addObject()
                .put("url", DTR + "intendedUse")
                .putObject("valueCodeableConcept")
                .putArray("coding")
                .addObject()
                .put("system", "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp")
                .put("code", "withclaim");
        saved.remove("id");
        assertThat(saved.at("/meta/profile/0").asText()).isEqualTo(SDC + "sdc-questionnaireresponse-adapt");
        HttpResponse<String> created = post("/fhir/QuestionnaireResponse", "application/fhir+json", saved.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // the profile's unresolvable extension slices are not counted, its answers against the form still are
        ObjectNode attestation = (ObjectNode) saved.findParents("linkId").stream()
                .filter(i -> i.path("linkId").asText().equals("attestation") && i.has("answer"))
                .findFirst()
                .orElseThrow()
                .at("/answer/0");
        attestation.remove("valueBoolean");
        attestation.put("valueString", "yes");
        HttpResponse<String> refused = post("/fhir/QuestionnaireResponse", "application/fhir+json", saved.toString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("attestation");
    }

    @Test
    void aRequiredQuestionLeftUnansweredIsA400() throws Exception {
        JsonNode response = next(initial(), true);
        response = next(answer(response, "procedure", coding("http://www.ama-assn.org/go/cpt", "0600T")), false);

        ObjectNode withoutOrgan = answer(
                response,
                "primary-or-metastatic",
                coding("http://coverage-rules.example/fhir/CodeSystem/ire-documentation-answers", "primary"));
        HttpResponse<String> refused =
                post("/fhir/Questionnaire/$next-question", "application/fhir+json", withoutOrgan.toString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(refused.body()).contains("organ", "diagnosis-code");
    }

    @Test
    void aBareResponseAtTheServerLevelAddressWorksToo() throws Exception {
        ObjectNode bare = (ObjectNode) initial().at("/parameter/0/resource");
        HttpResponse<String> response = post("/fhir/$next-question", "application/fhir+json", bare.toString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(askedLinkIds(json(response))).contains("procedure");
    }

    @Test
    void infernosOwnDinnerFormIsNotKnownHereAndIsA400AsIsAnEmptyRequest() throws Exception {
        Path examples = Path.of(System.getProperty("fhir.packages.dir", "../shared/fhir-packages"))
                .resolveSibling("inferno/dtr");
        for (String file : new String[] {
            "next_question_initial_input_params_conformant.json",
            "next_question_initial_input_params_nonconformant.json"
        }) {
            HttpResponse<String> response = post(
                    "/fhir/Questionnaire/$next-question",
                    "application/fhir+json",
                    Files.readString(examples.resolve(file)));
            assertThat(response.statusCode()).as(file).isEqualTo(400);
            assertThat(json(response).path("resourceType").asText()).isEqualTo("OperationOutcome");
        }
    }

    /** Inferno's initial next-question request shape, for the IRE adaptive form. */
    private static ObjectNode initial() throws Exception {
        JsonNode adaptive = JSON.readTree(NextQuestionTest.class.getResourceAsStream(
                "/content/fhir-resources/ire-6.01.68/Questionnaire-ire-documentation-adaptive.json"));
        ObjectNode contained = (ObjectNode) adaptive.deepCopy();
        contained.put("id", "IreDocumentationAdaptive");
        contained.remove("item");
        ObjectNode parameters = JSON.createObjectNode().put("resourceType", "Parameters");
        ObjectNode response = parameters
                .putArray("parameter")
                .addObject()
                .put("name", "questionnaire-response")
                .putObject("resource");
        response.put("resourceType", "QuestionnaireResponse").put("id", "ire-adaptive-1");
        response.putObject("meta").putArray("profile").add(SDC + "sdc-questionnaireresponse-adapt");
        response.putArray("contained").add(contained);
        response.put("questionnaire", "#IreDocumentationAdaptive")
                .put("status", "in-progress")
                .put("authored", "2026-11-24T10:00:00Z");
        response.putObject("subject").put("reference", "Patient/pat-1");
        return parameters;
    }

    private JsonNode next(JsonNode request, boolean parameters) throws Exception {
        HttpResponse<String> response =
                post("/fhir/Questionnaire/$next-question", "application/fhir+json", request.toString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        JsonNode answer = json(response);
        assertThat(answer.path("resourceType").asText()).isEqualTo("QuestionnaireResponse");
        IBaseResource parsed = FhirContext.forR4Cached().newJsonParser().parseResource(response.body());
        assertThat(CrdProfileValidator.get().errors(parsed, SDC + "sdc-questionnaireresponse"))
                .isEmpty();
        IBaseResource contained = FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(answer.at("/contained/0").toString());
        assertThat(CrdProfileValidator.get().errors(contained, DTR + "dtr-questionnaire-adapt"))
                .isEmpty();
        return answer;
    }

    /** The response with an answer to {@code linkId} (its item, and its group's, added where missing). */
    private static ObjectNode answer(JsonNode response, String linkId, ObjectNode value) {
        ObjectNode copy = response.deepCopy();
        String group = groupOf(copy.at("/contained/0/item"), linkId);
        ArrayNode items = copy.withArray("item");
        ArrayNode target = items;
        if (group != null) {
            ObjectNode groupItem = null;
            for (JsonNode i : items) {
                if (i.path("linkId").asText().equals(group)) {
                    groupItem = (ObjectNode) i;
                }
            }
            if (groupItem == null) {
                groupItem = items.addObject().put("linkId", group);
            }
            target = groupItem.withArray("item");
        }
        ObjectNode item = target.addObject().put("linkId", linkId);
        ObjectNode answer = item.putArray("answer").addObject();
        answer.setAll(value);
        answer.putArray("extension")
                .addObject()
                .put("url", DTR + "information-origin")
                .putArray("extension")
                .addObject()
                .put("url", "source")
                .put("valueCode", "auto");
        return copy;
    }

    private static String groupOf(JsonNode items, String linkId) {
        for (JsonNode item : items) {
            for (JsonNode child : item.path("item")) {
                if (child.path("linkId").asText().equals(linkId)) {
                    return item.path("linkId").asText();
                }
            }
        }
        return null;
    }

    private static ObjectNode coding(String system, String code) {
        ObjectNode value = JSON.createObjectNode();
        value.putObject("valueCoding").put("system", system).put("code", code);
        return value;
    }

    private static List<String> askedLinkIds(JsonNode response) {
        List<String> ids = new ArrayList<>();
        collect(response.at("/contained/0/item"), ids);
        return ids;
    }

    private static void collect(JsonNode items, List<String> ids) {
        for (JsonNode item : items) {
            ids.add(item.path("linkId").asText());
            collect(item.path("item"), ids);
        }
    }
}
