package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DTR client round trip with client software this project did not write: the CQL engine DTR SMART apps use
 * ({@code cql-execution} + {@code cql-exec-fhir} from npm, on Node.js; {@code src/test/js/dtr-client}, versions pinned
 * by its lock file, installed by {@code npm ci}) runs the ELM of a {@code $questionnaire-package} against the patient's
 * data and must find the answers the server pre-filled in the draft; the draft is then saved back as it came and,
 * filled in, completed; a completed response that misses a required item, names an unknown item or answers with the
 * wrong type is a 422 that names the item.
 */
class DtrClientRoundTripTest extends ServerTest {

    private static final Path CLIENT = Path.of("src/test/js/dtr-client");
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String FORM = "http://coverage-rules.example/fhir/Questionnaire/ire-documentation";

    @TempDir
    Path temp;

    @BeforeAll
    static void theClientIsInstalled() {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/cql-execution"))
                || !Files.isDirectory(CLIENT.resolve("node_modules/cql-exec-fhir"))) {
            fail("The JavaScript DTR client is not installed: run `npm ci --prefix src/test/js/dtr-client` "
                    + "(Node.js 20+; .ci/run does this before mvn verify)");
        }
    }

    @Test
    void theJavaScriptEnginePrefillsWhatTheDraftCarriesForALiverTumour() throws Exception {
        Package delivered = packageFor(order -> reason(order, "C22.0"));

        Map<String, JsonNode> byClient = runClient(delivered);

        assertThat(byClient).containsKeys("procedure", "organ", "diagnosis-code");
        assertThat(byClient.get("organ").at("/valueCoding/code").asText()).isEqualTo("10200004");
        assertThat(byClient).isEqualTo(prefilled(draft(delivered.bundle())));
    }

    @Test
    void theJavaScriptEnginePrefillsWhatTheDraftCarriesForAPancreaticTumour() throws Exception {
        Package delivered = packageFor(order -> reason(order, "C25.0"));

        Map<String, JsonNode> byClient = runClient(delivered);

        assertThat(byClient.get("organ").at("/valueCoding/code").asText()).isEqualTo("15776009");
        assertThat(byClient).isEqualTo(prefilled(draft(delivered.bundle())));
    }

    @Test
    void anotherSolidTumourIsTheFormsOwnCodedOptionForBoth() throws Exception {
        Package delivered = packageFor(order -> reason(order, "C18.0"));

        Map<String, JsonNode> byClient = runClient(delivered);

        assertThat(byClient.get("organ").path("valueCoding").toString())
                .contains("http://coverage-rules.example/fhir/CodeSystem/ire-documentation-answers")
                .contains("other-solid-tumour-site");
        assertThat(byClient).isEqualTo(prefilled(draft(delivered.bundle())));
    }

    @Test
    void withNoDiagnosisBothFillOnlyTheProcedure() throws Exception {
        Package delivered = packageFor(order -> order.remove("reasonCode"));

        Map<String, JsonNode> byClient = runClient(delivered);

        assertThat(byClient.keySet()).containsExactly("procedure");
        assertThat(byClient).isEqualTo(prefilled(draft(delivered.bundle())));
    }

    @Test
    void theDraftIsSavedAsItCameAndOnceCompleted() throws Exception {
        ObjectNode draft = draft(packageBundle(order -> reason(order, "C22.0")));

        HttpResponse<String> asItCame = save(draft);
        assertThat(asItCame.statusCode()).as(asItCame.body()).isEqualTo(201);

        HttpResponse<String> completed = save(completed(draft));
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
    }

    @Test
    void aDraftWithNothingPrefilledIsSavedAsItCameAndOnceCompleted() throws Exception {
        ObjectNode draft = draft(packageBundle(order -> order.remove("reasonCode")));

        assertThat(save(draft).statusCode()).isEqualTo(201);
        ObjectNode completed = completed(draft);
        answer(completed, "organ", coding("http://snomed.info/sct", "39607008"));
        HttpResponse<String> saved = save(completed);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    }

    @Test
    void aCompletedResponseMissingARequiredItemIsA422NamingIt() throws Exception {
        ObjectNode response = completed(draft(packageBundle(order -> reason(order, "C22.0"))));
        item(response, "attestation").remove("answer");

        HttpResponse<String> refused = save(response);

        assertRefused(refused, "attestation");
    }

    @Test
    void aRequiredItemEnabledByAnAnswerMustBeAnsweredToo() throws Exception {
        ObjectNode response = completed(draft(packageBundle(order -> reason(order, "C22.0"))));
        answer(response, "clinical-trial", JSON.createObjectNode().put("valueBoolean", true));

        assertRefused(save(response), "trial-id");

        answer(response, "trial-id", JSON.createObjectNode().put("valueString", "NCT03899636"));
        assertThat(save(response).statusCode()).isEqualTo(201);
    }

    @Test
    void anUnknownLinkIdIsA422NamingIt() throws Exception {
        ObjectNode response = draft(packageBundle(order -> reason(order, "C22.0")));
        ObjectNode unknown = response.withArray("item").addObject().put("linkId", "favourite-colour");
        unknown.putArray("answer").add(withOrigin(JSON.createObjectNode().put("valueString", "blue")));

        assertRefused(save(response), "favourite-colour");
    }

    @Test
    void anAnswerOfTheWrongTypeIsA422NamingTheItem() throws Exception {
        ObjectNode response = completed(draft(packageBundle(order -> reason(order, "C22.0"))));
        answer(response, "attestation", JSON.createObjectNode().put("valueString", "yes"));

        assertRefused(save(response), "attestation");
    }

    @Test
    void aCodeThatIsNotAnOptionIsA422NamingTheItem() throws Exception {
        ObjectNode response = completed(draft(packageBundle(order -> reason(order, "C22.0"))));
        answer(
                response,
                "primary-or-metastatic",
                coding("http://coverage-rules.example/fhir/CodeSystem/ire-documentation-answers", "benign"));

        assertRefused(save(response), "primary-or-metastatic");
    }

    private void assertRefused(HttpResponse<String> refused, String linkId) throws Exception {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode outcome = json(refused);
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").findValuesAsText("diagnostics"))
                .as("a message names the item")
                .anyMatch(d -> d.contains(linkId));
    }

    /** What the DTR client got: the package Bundle of the standard IRE form, and the order it was asked for. */
    private record Package(JsonNode bundle, ObjectNode order) {}

    /** The package for Inferno's request with the order adjusted. */
    private Package packageFor(Consumer<ObjectNode> adjustOrder) throws Exception {
        ObjectNode request = QuestionnairePackageTest.ireRequest();
        ObjectNode order = null;
        for (JsonNode parameter : request.path("parameter")) {
            if (parameter.path("name").asText().equals("order")) {
                order = (ObjectNode) parameter.get("resource");
                adjustOrder.accept(order);
            }
        }
        HttpResponse<String> response =
                post("/fhir/Questionnaire/$questionnaire-package", FHIR_JSON, request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode bundle : json(response).findValues("resource")) {
            if (bundle.path("resourceType").asText().equals("Bundle")
                    && bundle.at("/entry/0/resource/url").asText().equals(FORM)) {
                return new Package(bundle, order);
            }
        }
        throw new AssertionError("no PackageBundle for " + FORM + ": " + response.body());
    }

    private JsonNode packageBundle(Consumer<ObjectNode> adjustOrder) throws Exception {
        return packageFor(adjustOrder).bundle();
    }

    /** Runs the JavaScript client on the package and the patient's data (the Patient and the order); answers by linkId. */
    private Map<String, JsonNode> runClient(Package delivered) throws Exception {
        ObjectNode draft = draft(delivered.bundle());
        String patientId = draft.at("/subject/reference").asText().substring("Patient/".length());
        ObjectNode data = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = data.putArray("entry");
        entries.addObject().putObject("resource").put("resourceType", "Patient").put("id", patientId);
        entries.addObject().set("resource", delivered.order());
        File packageFile = temp.resolve("package.json").toFile();
        JSON.writeValue(packageFile, delivered.bundle());
        File dataFile = temp.resolve("patient-data.json").toFile();
        JSON.writeValue(dataFile, data);
        File errors = temp.resolve("node-errors.txt").toFile();
        Process node = new ProcessBuilder(
                        "node", CLIENT.resolve("prepopulate.js").toString(), packageFile.getPath(), dataFile.getPath())
                .redirectError(errors)
                .start();
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue())
                .as("node failed: " + Files.readString(errors.toPath()))
                .isZero();
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        JSON.readTree(out).path("answers").fields().forEachRemaining(f -> answers.put(f.getKey(), f.getValue()));
        return answers;
    }

    private static ObjectNode draft(JsonNode bundle) {
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.at("/resource/resourceType").asText().equals("QuestionnaireResponse")) {
                return (ObjectNode) entry.get("resource").deepCopy();
            }
        }
        throw new AssertionError("no draft QuestionnaireResponse in the package");
    }

    /** The draft's pre-filled answers by linkId, each without its information-origin (the client's have none). */
    private static Map<String, JsonNode> prefilled(JsonNode draft) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        collectAnswers(draft.path("item"), answers);
        return answers;
    }

    private static void collectAnswers(JsonNode items, Map<String, JsonNode> answers) {
        for (JsonNode item : items) {
            for (JsonNode answer : item.path("answer")) {
                ObjectNode value = answer.deepCopy();
                value.remove("extension");
                answers.put(item.path("linkId").asText(), value);
            }
            collectAnswers(item.path("item"), answers);
        }
    }

    /** The draft with every required item answered as a clinician would (no trial, no exception), {@code completed}. */
    private static ObjectNode completed(ObjectNode draft) {
        ObjectNode response = draft.deepCopy();
        response.remove("id");
        response.put("status", "completed");
        if (item(response, "organ").path("answer").isEmpty()) {
            answer(response, "organ", coding("http://snomed.info/sct", "10200004"));
        }
        if (item(response, "diagnosis-code").path("answer").isEmpty()) {
            answer(
                    response,
                    "diagnosis-code",
                    JSON.createObjectNode().put("valueString", "C22.0 Liver cell carcinoma"));
        }
        answer(
                response,
                "primary-or-metastatic",
                coding("http://coverage-rules.example/fhir/CodeSystem/ire-documentation-answers", "primary"));
        answer(response, "clinical-trial", JSON.createObjectNode().put("valueBoolean", false));
        answer(response, "attestation", JSON.createObjectNode().put("valueBoolean", true));
        return response;
    }

    private HttpResponse<String> save(ObjectNode response) throws Exception {
        ObjectNode body = response.deepCopy();
        body.remove("id");
        return post("/fhir/QuestionnaireResponse", FHIR_JSON, body.toString());
    }

    private static void answer(ObjectNode response, String linkId, ObjectNode value) {
        item(response, "" + linkId).putArray("answer").add(withOrigin(value));
    }

    private static ObjectNode withOrigin(ObjectNode value) {
        value.putArray("extension")
                .addObject()
                .put("url", "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin")
                .putArray("extension")
                .addObject()
                .put("url", "source")
                .put("valueCode", "manual");
        return value;
    }

    private static ObjectNode item(JsonNode response, String linkId) {
        ObjectNode found = find(response.path("item"), linkId);
        if (found == null) {
            throw new AssertionError("the draft has no item " + linkId);
        }
        return found;
    }

    private static ObjectNode find(JsonNode items, String linkId) {
        for (JsonNode item : items) {
            if (item.path("linkId").asText().equals(linkId)) {
                return (ObjectNode) item;
            }
            ObjectNode nested = find(item.path("item"), linkId);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static ObjectNode coding(String system, String code) {
        ObjectNode value = JSON.createObjectNode();
        value.putObject("valueCoding").put("system", system).put("code", code);
        return value;
    }

    private static void reason(ObjectNode order, String icd10cm) {
        order.putArray("reasonCode")
                .addObject()
                .putArray("coding")
                .addObject()
                .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                .put("code", icd10cm);
    }
}
