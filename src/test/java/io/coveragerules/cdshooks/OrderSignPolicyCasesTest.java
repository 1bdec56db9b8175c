package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import io.coveragerules.conformance.CrdProfileValidator;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy, case by case: every file under {@code policy-cases/} and {@code crd-mechanics/} is an order-sign call to the running server and
 * the answer it must give. Every order the server annotates must validate against its CRD 2.0.1 profile, and every
 * card must follow the CDS Hooks and CRD card rules.
 */
class OrderSignPolicyCasesTest extends ServerTest {

    static List<PolicyCase> cases() throws Exception {
        return PolicyCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void orderSignAnswersAsThePolicyDecides(PolicyCase policyCase) throws Exception {
        HttpResponse<String> response =
                postJson("/cds-services/order-sign-crd", policyCase.request().toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());

        Map<String, JsonNode> coverage = coverageByOrder(answer);
        assertThat(coverage.keySet())
                .as("orders with coverage information")
                .isEqualTo(policyCase.expectedCoverage().keySet());
        coverage.forEach((order, actual) -> assertCoverageMatches(
                order, actual, policyCase.expectedCoverage().get(order)));
        for (JsonNode action : answer.path("systemActions")) {
            IBaseResource order = FhirContext.forR4Cached()
                    .newJsonParser()
                    .parseResource(action.get("resource").toString());
            assertThat(CrdProfileValidator.get().errors(order, CrdProfileValidator.crdProfileFor(order)))
                    .as("validation of the updated order against its CRD profile")
                    .isEmpty();
        }

        // The cases name the policy's cards; the DTR app's launch card comes with an assertion that asks for
        // documentation (its content is specified in DtrAppLinkTest and DtrAppBrowserIT).
        List<JsonNode> cards = PolicyCase.policyCards(answer);
        List<JsonNode> dtrAppCards = new ArrayList<>();
        answer.get("cards").forEach(c -> {
            if (PolicyCase.launchesDtrApp(c)) {
                dtrAppCards.add(c);
            }
        });
        assertThat(dtrAppCards)
                .as("DTR app cards: at most one per order whose coverage information asks for documentation")
                .hasSizeLessThanOrEqualTo((int) coverage.values().stream()
                        .filter(info -> info.toString().contains("\"doc-needed\""))
                        .count());
        for (JsonNode card : dtrAppCards) {
            assertFollowsCardRules(card);
        }
        assertThat(cards).as("cards").hasSize(policyCase.expectedCards().size());
        for (int i = 0; i < cards.size(); i++) {
            assertCardMatches(cards.get(i), policyCase.expectedCards().get(i));
            assertFollowsCardRules(cards.get(i));
        }
    }

    private void assertCardMatches(JsonNode card, PolicyCase.ExpectedCard expected) {
        assertThat(card.path("indicator").asText())
                .as("indicator of " + card.path("summary"))
                .isEqualTo(expected.indicator());
        assertThat(card.path("summary").asText()).containsIgnoringCase(expected.summary());
        List<String> urls = new ArrayList<>();
        card.path("links").forEach(l -> urls.add(l.path("url").asText()));
        for (String link : expected.links()) {
            assertThat(urls).as("links of " + card.path("summary")).anyMatch(url -> url.endsWith(link));
        }
    }

    private void assertFollowsCardRules(JsonNode card) throws Exception {
        assertThat(card.path("uuid").asText()).isNotBlank();
        assertThat(card.path("summary").asText().length()).isLessThan(140);
        assertThat(card.path("indicator").asText()).isIn("info", "warning", "critical");
        assertThat(card.at("/source/label").asText()).isEqualTo("Example Health Plan");
        assertThat(card.at("/source/topic/system").asText())
                .isEqualTo("http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp");
        assertThat(card.at("/source/topic/code").asText()).isNotBlank();
        for (JsonNode link : card.path("links")) {
            // absolute, or the DTR app's SMART launch (with its appContext)
            assertThat(link.path("type").asText()).isIn("absolute", "smart");
            assertThat(link.has("appContext"))
                    .isEqualTo(link.path("type").asText().equals("smart"));
            assertThat(link.path("label").asText()).isNotBlank();
            String url = link.path("url").asText();
            assertThat(url).matches("https?://.+");
            if (url.startsWith("http://localhost:" + port)) {
                // Links to what this server serves must work; the others point to public registries.
                assertThat(get(url.substring(("http://localhost:" + port).length()))
                                .statusCode())
                        .as(url)
                        .isEqualTo(200);
            }
        }
    }

    /**
     * Every field the server wrote must be expected, and every expected field written: the date and assertion id are
     * only checked to be there (they change with every call), the policy link by how its URL ends.
     */
    private static void assertCoverageMatches(String order, JsonNode actual, JsonNode expected) {
        ObjectNode comparable = actual.deepCopy();
        assertThat(comparable.remove("date"))
                .as("%s coverage-information date", order)
                .isNotNull();
        assertThat(comparable.remove("coverage-assertion-id"))
                .as("%s coverage-assertion-id", order)
                .isNotNull();
        JsonNode policyLink = comparable.remove("policy-link");
        ObjectNode expectedFields = expected.deepCopy();
        JsonNode expectedLink = expectedFields.remove("policy-link");
        assertThat(comparable).as("%s coverage information", order).isEqualTo(expectedFields);
        assertThat(policyLink == null ? null : policyLink.asText())
                .as("%s policy link", order)
                .endsWith(expectedLink == null ? "" : expectedLink.asText());
    }

    /** The coverage-information extension of each updated order, its sub-extensions as plain fields. */
    private static Map<String, JsonNode> coverageByOrder(JsonNode answer) {
        Map<String, JsonNode> coverage = new LinkedHashMap<>();
        for (JsonNode action : answer.path("systemActions")) {
            assertThat(action.path("type").asText()).isEqualTo("update");
            assertThat(action.path("description").asText()).isNotBlank();
            JsonNode resource = action.get("resource");
            for (JsonNode extension : resource.path("extension")) {
                if (extension.path("url").asText().endsWith("/ext-coverage-information")) {
                    coverage.put(
                            resource.path("resourceType").asText() + "/"
                                    + resource.path("id").asText(),
                            fields(extension));
                }
            }
        }
        return coverage;
    }

    private static ObjectNode fields(JsonNode coverageInformation) {
        ObjectNode fields = JSON.createObjectNode();
        for (JsonNode sub : coverageInformation.path("extension")) {
            String url = sub.path("url").asText();
            switch (url) {
                case "coverage" ->
                    fields.put(url, sub.at("/valueReference/reference").asText());
                case "reason" ->
                    fields.put(url, sub.at("/valueCodeableConcept/text").asText());
                case "questionnaire" ->
                    fields.withArray(url).add(sub.path("valueCanonical").asText());
                case "detail" ->
                    fields.put(
                            sub.at("/extension/0/valueCodeableConcept/coding/0/code")
                                    .asText(),
                            sub.at("/extension/1/valueString").asText());
                default -> fields.set(url, firstValue(sub));
            }
        }
        return fields;
    }

    private static JsonNode firstValue(JsonNode extension) {
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) extension::fields) {
            if (field.getKey().startsWith("value")) {
                return field.getValue();
            }
        }
        return JSON.nullNode();
    }
}
