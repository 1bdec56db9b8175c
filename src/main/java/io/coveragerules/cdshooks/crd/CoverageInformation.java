package io.coveragerules.cdshooks.crd;

import io.coveragerules.coverage.Outcome;
import io.coveragerules.coverage.PolicyReference;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * Writes the CRD coverage-information extension (CRD 2.0.1 {@code ext-coverage-information}) onto a copy of the
 * order. CRD: "SHALL NOT change any element other than coverage-information extensions", so the copy is the order
 * as received, with only an earlier assertion for the same Coverage replaced.
 */
@Component
class CoverageInformation {

    public static final String EXTENSION_URL =
            "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
    static final String COVERAGE_DETAIL_SYSTEM = "http://terminology.hl7.org/CodeSystem/crd-coverage-detail";

    private final Clock clock;
    private final PolicyLinks policyLinks;

    public CoverageInformation(Clock clock, PolicyLinks policyLinks) {
        this.clock = clock;
        this.policyLinks = policyLinks;
    }

    /** The order annotated with the assertion, and the assertion's id (for logs, audit and DTR). */
    public record AnnotatedOrder(DomainResource order, String coverageAssertionId) {}

    /**
     * The order with the assertion, or empty when the order already carries the same assertion for the same Coverage
     * (CRD: no update "unless something is new or changed"; the EHR keeps the earlier assertion and its id).
     */
    public Optional<AnnotatedOrder> annotate(
            DomainResource order, Reference coverage, PolicyReference policy, Outcome.CoverageAssertion assertion) {
        return annotate(order, coverage, policy, assertion, null);
    }

    /**
     * @param unreadDataNote says which data could not be read from the EHR, or null; it goes into the reason text
     *                       (CRD 2.0.1), after the policy's own reason
     */
    public Optional<AnnotatedOrder> annotate(
            DomainResource order,
            Reference coverage,
            PolicyReference policy,
            Outcome.CoverageAssertion assertion,
            String unreadDataNote) {
        String reason = assertion.reason() == null
                ? unreadDataNote
                : unreadDataNote == null ? assertion.reason() : assertion.reason() + " " + unreadDataNote;
        if (order.getExtension().stream()
                .anyMatch(e -> EXTENSION_URL.equals(e.getUrl())
                        && sameCoverage(e, coverage)
                        && sameAssertion(e, assertion, reason))) {
            return Optional.empty();
        }
        DomainResource updated = order.copy();
        updated.getExtension().removeIf(e -> EXTENSION_URL.equals(e.getUrl()) && sameCoverage(e, coverage));
        String assertionId = UUID.randomUUID().toString();
        Extension info = updated.addExtension().setUrl(EXTENSION_URL);
        info.addExtension("coverage", new Reference(coverage.getReference()));
        info.addExtension("covered", new CodeType(assertion.covered()));
        if (assertion.paNeeded() != null) {
            info.addExtension("pa-needed", new CodeType(assertion.paNeeded()));
        }
        if (assertion.docNeeded() != null) {
            info.addExtension("doc-needed", new CodeType(assertion.docNeeded()));
        }
        if (reason != null) {
            info.addExtension("reason", new CodeableConcept().setText(reason));
        }
        // CRD 2.0.1 has no policy-link detail code nor a url value yet (both came in 2.1): the code is the one 2.1
        // defines, the value a string, so a 2.0.1 client reads it as text and a newer one recognises the code.
        Extension detail = info.addExtension().setUrl("detail");
        detail.addExtension(
                "code",
                new CodeableConcept(new Coding(COVERAGE_DETAIL_SYSTEM, "policy-link", "Policy link"))
                        .setText("Medical policy " + policy.number()));
        detail.addExtension("value", new StringType(policyLinks.documentUrl(policy)));
        // CRD: the Questionnaire(s) DTR should fetch for the documentation asked for (only with doc-needed).
        if (assertion.docNeeded() != null) {
            assertion.questionnaires().forEach(q -> info.addExtension("questionnaire", new CanonicalType(q)));
        }
        info.addExtension("date", new DateType(LocalDate.now(clock).toString()));
        info.addExtension("coverage-assertion-id", new StringType(assertionId));
        return Optional.of(new AnnotatedOrder(updated, assertionId));
    }

    private static boolean sameAssertion(Extension info, Outcome.CoverageAssertion assertion, String reasonText) {
        return Objects.equals(code(info, "covered"), assertion.covered())
                && Objects.equals(code(info, "pa-needed"), assertion.paNeeded())
                && Objects.equals(code(info, "doc-needed"), assertion.docNeeded())
                && Objects.equals(
                        info.getExtensionByUrl("reason") != null
                                        && info.getExtensionByUrl("reason").getValue() instanceof CodeableConcept reason
                                ? reason.getText()
                                : null,
                        reasonText);
    }

    private static String code(Extension info, String url) {
        Extension sub = info.getExtensionByUrl(url);
        return sub == null || sub.getValue() == null ? null : sub.getValue().primitiveValue();
    }

    private static boolean sameCoverage(Extension info, Reference coverage) {
        Extension previous = info.getExtensionByUrl("coverage");
        return previous != null
                && previous.getValue() instanceof Reference ref
                && coverage.getReference().equals(ref.getReference());
    }
}
