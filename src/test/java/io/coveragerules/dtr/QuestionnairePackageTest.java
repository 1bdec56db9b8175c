package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import io.coveragerules.conformance.CrdProfileValidator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/**
 * DTR {@code $questionnaire-package}, as Inferno's DTR payer-server suite calls it (its example request, with the order
 * made an IRE order) and checks it: tests 1.03 (200, valid against the DTR output profiles, offline), 1.04 (Libraries
 * with CQL and ELM JSON, unique names), 1.05 (root pre-population extensions, text/cql, cqf-library = a Library.url
 * in the package) and 1.06 (item expressions). Each PackageBundle is complete on its own, as DTR asks (R309-R311, R314):
 * a Library two forms share is in both Bundles. Inferno 0.17's 1.04/2.04 collects Library names across all Bundles of
 * a response and would call that a duplicate; the spec allows it, so the check here is per Bundle.
 */
public class QuestionnairePackageTest extends ServerTest {

    private static final String DTR = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/";
    private static final Path EXAMPLES = Path.of(System.getProperty("fhir.packages.dir", "../shared/fhir-packages"))
            .resolveSibling("inferno/dtr");

    @Test
    void infernosRequestWithAnIreOrderGetsAPackageThatPassesInfernosChecks() throws Exception {
        HttpResponse<String> response = post(
                "/fhir/Questionnaire/$questionnaire-package",
                "application/fhir+json",
                ireRequest().toString());

        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        JsonNode output = json(response);
        assertValid(output, DTR + "dtr-qpackage-output-parameters");
        List<JsonNode> bundles = output.findValues("resource").stream()
                .filter(r -> r.path("resourceType").asText().equals("Bundle"))
                .toList();
        assertThat(bundles).hasSize(1);
        JsonNode bundle = bundles.get(0);
        assertValid(bundle, DTR + "DTR-QPackageBundle");
        assertThat(bundle.path("type").asText()).isEqualTo("collection");
        JsonNode questionnaire = bundle.at("/entry/0/resource");
        assertThat(questionnaire.path("resourceType").asText())
                .as("dtrb-1: the Questionnaire first")
                .isEqualTo("Questionnaire");
        assertValid(questionnaire, DTR + "dtr-std-questionnaire");

        // 1.04: every Library has CQL and ELM JSON; no two share a name
        List<JsonNode> libraries = resources(bundle, "Library");
        assertThat(libraries)
                .extracting(l -> l.path("name").asText())
                .containsExactlyInAnyOrder("IreDocumentationPrepopulation", "IreTumourSites", "FHIRHelpers");
        for (JsonNode library : libraries) {
            assertThat(library.path("content").findValuesAsText("contentType"))
                    .contains("text/cql", "application/elm+json");
        }
        // 1.05: root pre-population extensions, text/cql, cqf-library names a Library of the package by its exact url
        Set<String> libraryUrls = new HashSet<>(
                libraries.stream().map(l -> l.path("url").asText()).toList());
        List<String> cqfLibraries =
                extensionValues(questionnaire, "http://hl7.org/fhir/StructureDefinition/cqf-library");
        assertThat(cqfLibraries).isNotEmpty().allMatch(libraryUrls::contains);
        assertThat(extensionValues(
                        questionnaire,
                        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext"))
                .isNotEmpty();
        // 1.06: item expressions, all text/cql
        List<JsonNode> expressions = questionnaire.findValues("valueExpression");
        assertThat(expressions)
                .isNotEmpty()
                .allMatch(e -> e.path("language").asText().equals("text/cql"));
        // ValueSets come expanded; a draft response names the coverage and order it documents
        assertThat(resources(bundle, "ValueSet"))
                .isNotEmpty()
                .allMatch(v -> v.at("/expansion/contains").size() > 0);
        JsonNode draft = resources(bundle, "QuestionnaireResponse").get(0);
        assertThat(draft.path("status").asText()).isEqualTo("in-progress");
        assertThat(draft.path("extension").findValuesAsText("reference"))
                .containsExactlyInAnyOrder("Coverage/CoverageExample", "ServiceRequest/ServiceRequestExample");
        assertThat(draft.toString())
                .as("pre-filled from the order's own reason")
                .contains("10200004", "C22.0");
    }

    @Test
    void theAdaptiveFormsPackagePassesInfernosAdaptiveChecks() throws Exception {
        ObjectNode request = ireRequest();
        request.withArray("parameter")
                .addObject()
                .put("name", "questionnaire")
                .put("valueCanonical", "http://coverage-rules.example/fhir/Questionnaire/ire-documentation-adaptive");

        JsonNode output =
                json(post("/fhir/Questionnaire/$questionnaire-package", "application/fhir+json", request.toString()));

        JsonNode adaptive = output.findValues("resource").stream()
                .filter(r -> r.path("resourceType").asText().equals("Bundle"))
                .map(b -> b.at("/entry/0/resource"))
                .filter(q -> q.path("id").asText().equals("ire-documentation-adaptive"))
                .findFirst()
                .orElseThrow();
        assertValid(adaptive, DTR + "dtr-questionnaire-adapt-search"); // 2.08
        assertThat(adaptive.findValues("valueExpression"))
                .isNotEmpty() // 2.06
                .allMatch(e -> e.path("language").asText().equals("text/cql"));
        List<JsonNode> bundles = output.findValues("resource").stream()
                .filter(r -> r.path("resourceType").asText().equals("Bundle"))
                .toList();
        assertThat(bundles)
                .as("the order's standard form and the adaptive one asked for")
                .hasSize(2);
        for (JsonNode bundle : bundles) {
            assertValid(bundle, DTR + "DTR-QPackageBundle");
            assertThat(resources(bundle, "Library"))
                    .as("2.04 / R309-R310: each Bundle carries its form's whole Library closure, names unique in it")
                    .extracting(l -> l.path("name").asText())
                    .containsExactlyInAnyOrder("IreDocumentationPrepopulation", "IreTumourSites", "FHIRHelpers");
            assertThat(resources(bundle, "ValueSet"))
                    .as("R311: and the ValueSets its Libraries use, expanded")
                    .extracting(v -> v.path("url").asText())
                    .contains("http://coverage-rules.example/fhir/ValueSet/ire-procedures");
        }
    }

    @Test
    void theServerLevelAddressAnswersToo() throws Exception {
        assertThat(post(
                                "/fhir/$questionnaire-package",
                                "application/fhir+json",
                                ireRequest().toString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aQuestionnaireAskedForByCanonicalIsPackagedAndAnUnknownOneIsAWarning() throws Exception {
        ObjectNode request = ireRequest();
        request.withArray("parameter").removeAll();
        request.withArray("parameter").add(ireRequest().withArray("parameter").get(0)); // the coverage
        request.withArray("parameter")
                .addObject()
                .put("name", "questionnaire")
                .put("valueCanonical", "http://coverage-rules.example/fhir/Questionnaire/ire-documentation");
        request.withArray("parameter")
                .addObject()
                .put("name", "questionnaire")
                .put("valueCanonical", "http://example.org/Questionnaire/nope");

        JsonNode output =
                json(post("/fhir/Questionnaire/$questionnaire-package", "application/fhir+json", request.toString()));

        assertThat(output.findValues("resource").stream()
                        .filter(r -> r.path("resourceType").asText().equals("Bundle")))
                .hasSize(1);
        assertThat(output.toString())
                .contains("\"name\":\"outcome\"", "\"severity\":\"warning\"", "Questionnaire/nope");
    }

    @Test
    void anOrderNoPolicyDocumentsIsA422WithAnOperationOutcome() throws Exception {
        JsonNode request = JSON.readTree(EXAMPLES.resolve("questionnaire_package_input_params_conformant.json")
                .toFile());

        HttpResponse<String> response =
                post("/fhir/Questionnaire/$questionnaire-package", "application/fhir+json", request.toString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void aBodyThatIsNotParametersIsA400() throws Exception {
        JsonNode request = JSON.readTree(EXAMPLES.resolve("questionnaire_package_input_params_non_conformant.json")
                .toFile());

        HttpResponse<String> response =
                post("/fhir/Questionnaire/$questionnaire-package", "application/fhir+json", request.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    /** Inferno's conformant example request, its order (LOINC 24338-6) made CPT 0600T for a liver cancer. */
    public static ObjectNode ireRequest() throws Exception {
        ObjectNode request = (ObjectNode)
                JSON.readTree(Files.readString(EXAMPLES.resolve("questionnaire_package_input_params_conformant.json")));
        for (JsonNode parameter : request.path("parameter")) {
            if (parameter.path("name").asText().equals("order")) {
                ObjectNode order = (ObjectNode) parameter.get("resource");
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
            }
        }
        return request;
    }

    private static void assertValid(JsonNode resource, String profile) {
        IBaseResource parsed = FhirContext.forR4Cached().newJsonParser().parseResource(resource.toString());
        // HAPI's validator evaluates %resource in the core Bundle invariants bdl-3/bdl-4 as the outermost resource (the
        // Parameters), so a collection Bundle inside Parameters always "fails" them; the Bundle is validated on its
        // own.
        List<String> errors = CrdProfileValidator.get().errors(parsed, profile).stream()
                .filter(e -> !(e.contains("Parameters.parameter") && (e.contains("bdl-3") || e.contains("bdl-4"))))
                .toList();
        assertThat(errors).as("validation against " + profile).isEmpty();
    }

    private static List<JsonNode> resources(JsonNode bundle, String type) {
        List<JsonNode> found = new ArrayList<>();
        bundle.path("entry").forEach(e -> {
            if (e.at("/resource/resourceType").asText().equals(type)) {
                found.add(e.get("resource"));
            }
        });
        return found;
    }

    private static List<String> extensionValues(JsonNode resource, String url) {
        List<String> values = new ArrayList<>();
        resource.path("extension").forEach(e -> {
            if (e.path("url").asText().equals(url)) {
                values.add(e.has("valueCanonical") ? e.path("valueCanonical").asText() : e.toString());
            }
        });
        return values;
    }
}
