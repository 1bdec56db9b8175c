package io.coveragerules.cdshooks.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.coverage.Outcome;
import java.util.Optional;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The {@code smart} link that launches this server's DTR app for an order that needs documentation. CDS Hooks hands
 * {@code appContext} to the app in the token response; DTR 2.0.1 leaves its content to the payer ("a black box to the
 * EHR"), so it carries, as a JSON string, what the app needs if the EHR's launch gives no {@code fhirContext}: the
 * {@code coverage-assertion-id} (sent to {@code $questionnaire-package} as {@code context}), the order and Coverage
 * references and the Questionnaire canonicals. Never a token (DTR FHIR-37270).
 */
@Component
class DtrAppLink {

    static final String LABEL = "Complete the documentation form (DTR)";

    private final DtrAppProperties properties;
    private final CrdProperties crd;
    private final ObjectMapper json = new ObjectMapper();

    DtrAppLink(DtrAppProperties properties, CrdProperties crd) {
        this.properties = properties;
        this.crd = crd;
    }

    /** The link, when the assertion asks for documentation with a Questionnaire and the app is enabled. */
    Optional<CdsJson.Link> forAssertion(
            Outcome.CoverageAssertion assertion, String coverageAssertionId, Resource order, Reference coverage) {
        if (!properties.enabled()
                || assertion.docNeeded() == null
                || assertion.questionnaires().isEmpty()) {
            return Optional.empty();
        }
        ObjectNode context = json.createObjectNode();
        context.put("coverage-assertion-id", coverageAssertionId);
        context.put("order", order.fhirType() + "/" + order.getIdElement().getIdPart());
        if (coverage != null && coverage.getReference() != null) {
            context.put("coverage", coverage.getReference());
        }
        assertion.questionnaires().forEach(context.putArray("questionnaire")::add);
        return Optional.of(new CdsJson.Link(LABEL, launchUrl(), "smart", context.toString()));
    }

    private String launchUrl() {
        if (properties.launchUrl() != null) {
            return properties.launchUrl();
        }
        return crd.linkBase() + "/dtr/launch.html";
    }
}
