package io.coveragerules.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.ServerTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The FHIR server at /fhir publishes the policy's knowledge artefacts as they were loaded. */
class FhirServerTest extends ServerTest {

    private static final String BASE = "http://coverage-rules.example/fhir/";

    @Test
    void metadataListsTheKnowledgeArtefactTypes() throws Exception {
        HttpResponse<String> response = get("/fhir/metadata");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode capabilities = json(response);
        assertThat(capabilities.path("resourceType").asText()).isEqualTo("CapabilityStatement");
        assertThat(capabilities.path("fhirVersion").asText()).isEqualTo("4.0.1");
        assertThat(capabilities.at("/rest/0/resource").findValuesAsText("type"))
                .contains("Library", "ValueSet", "PlanDefinition", "Questionnaire");
    }

    @Test
    void theLibraryCarriesItsCqlAsTextCql() throws Exception {
        JsonNode library = json(get("/fhir/Library/IrreversibleElectroporationPolicy"));
        JsonNode content = library.path("content").get(0);
        assertThat(content.path("contentType").asText()).isEqualTo("text/cql");
        String cql = new String(Base64.getDecoder().decode(content.path("data").asText()), StandardCharsets.UTF_8);
        assertThat(cql).contains("library IrreversibleElectroporationPolicy version '1.0.0'", "define \"Liver IRE\"");
    }

    @Test
    void valueSetsAreFoundByCanonicalUrlAndComeExpanded() throws Exception {
        JsonNode bundle = json(get("/fhir/ValueSet?url=" + BASE + "ValueSet/ire-procedures"));
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.path("entry")).hasSize(1);
        JsonNode expansion = bundle.at("/entry/0/resource/expansion");
        assertThat(expansion.findValuesAsText("code")).contains("0600T", "0601T", "0F503ZF", "C131483");
    }

    @Test
    void valueSetsExpandByUrlAndById() throws Exception {
        JsonNode byUrl = json(get("/fhir/ValueSet/$expand?url=" + BASE + "ValueSet/liver-tumour-diagnoses"));
        assertThat(byUrl.path("resourceType").asText()).isEqualTo("ValueSet");
        assertThat(byUrl.at("/expansion/contains").findValuesAsText("code")).contains("C22.0", "C78.7", "94381002");
        assertThat(json(get("/fhir/ValueSet/lung-body-sites/$expand"))
                        .at("/expansion/contains")
                        .findValuesAsText("code"))
                .containsExactlyInAnyOrder("39607008", "181216001");
        assertThat(get("/fhir/ValueSet/$expand?url=http://example.org/nope").statusCode())
                .isEqualTo(404);
    }

    @Test
    void thePolicyIsAPlanDefinitionWithItsOutcomes() throws Exception {
        JsonNode plan = json(get("/fhir/PlanDefinition/ire-6.01.68"));
        assertThat(plan.at("/identifier/0/value").asText()).isEqualTo("6.01.68");
        assertThat(plan.path("library").get(0).asText()).isEqualTo(BASE + "Library/IrreversibleElectroporationPolicy");
        assertThat(plan.path("action").findValuesAsText("id"))
                .contains("investigational", "liver-evidence", "prostate-not-addressed");
    }

    @Test
    void theDocumentationQuestionnaireIsPublished() throws Exception {
        assertThat(json(get("/fhir/Questionnaire?name=IreDoc")).path("entry"))
                .as("name: starts with")
                .hasSize(2);
        JsonNode bundle = json(get("/fhir/Questionnaire?name:exact=IreDocumentation"));
        assertThat(bundle.path("entry")).hasSize(1);
        assertThat(bundle.at("/entry/0/resource/item").findValuesAsText("linkId"))
                .contains("organ", "clinical-trial", "exception-rationale");
    }

    @Test
    void anUnknownIdIsA404WithAnOperationOutcome() throws Exception {
        HttpResponse<String> response = get("/fhir/Library/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void thePolicyTextIsServedForCardLinks() throws Exception {
        HttpResponse<String> response = get("/policies/6.01.68");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("MEDICAL POLICY – 6.01.68", "investigational");
        assertThat(get("/policies/9.99.99").statusCode()).isEqualTo(404);
    }
}
