package io.coveragerules.cdshooks.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.coverage.Outcome;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** The card's smart link to the DTR app: when it is offered and what its appContext tells the app. */
class DtrAppLinkTest {

    static final String FORM = "http://coverage-rules.example/fhir/Questionnaire/ire-documentation";
    static final CrdProperties CRD = new CrdProperties(null, List.of("https://payer.example/crd/"), Map.of());

    final ServiceRequest order = (ServiceRequest) new ServiceRequest().setId("ire-1");
    final Reference coverage = new Reference("Coverage/cov-1");

    @Test
    void anAssertionAskingForDocumentationWithAFormLaunchesTheAppWithTheAssertionIdOrderCoverageAndForm()
            throws Exception {
        CdsJson.Link link = new DtrAppLink(new DtrAppProperties(true, null), CRD)
                .forAssertion(notCovered("clinical", List.of(FORM)), "assertion-1", order, coverage)
                .orElseThrow();

        assertThat(link.type()).isEqualTo("smart");
        assertThat(link.url()).isEqualTo("https://payer.example/crd/dtr/launch.html");
        JsonNode appContext = new ObjectMapper().readTree(link.appContext());
        assertThat(appContext.path("coverage-assertion-id").asText()).isEqualTo("assertion-1");
        assertThat(appContext.path("order").asText()).isEqualTo("ServiceRequest/ire-1");
        assertThat(appContext.path("coverage").asText()).isEqualTo("Coverage/cov-1");
        assertThat(appContext.path("questionnaire").get(0).asText()).isEqualTo(FORM);
    }

    @Test
    void noLinkWithoutADocumentationRequestOrAFormOrWhenSwitchedOff() {
        DtrAppLink enabled = new DtrAppLink(new DtrAppProperties(true, null), CRD);
        assertThat(enabled.forAssertion(notCovered(null, List.of()), "a", order, coverage))
                .isEmpty();
        assertThat(enabled.forAssertion(notCovered("clinical", List.of()), "a", order, coverage))
                .isEmpty();
        assertThat(new DtrAppLink(new DtrAppProperties(false, null), CRD)
                        .forAssertion(notCovered("clinical", List.of(FORM)), "a", order, coverage))
                .isEmpty();
    }

    @Test
    void aConfiguredLaunchUrlIsUsedAsIs() {
        assertThat(new DtrAppLink(new DtrAppProperties(true, "https://dtr.payer.example/launch"), CRD)
                        .forAssertion(notCovered("clinical", List.of(FORM)), "a", order, coverage)
                        .orElseThrow()
                        .url())
                .isEqualTo("https://dtr.payer.example/launch");
    }

    private static Outcome.CoverageAssertion notCovered(String docNeeded, List<String> forms) {
        return new Outcome.CoverageAssertion("not-covered", null, "investigational", docNeeded, forms);
    }
}
