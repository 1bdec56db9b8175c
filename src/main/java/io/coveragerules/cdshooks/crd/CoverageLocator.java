package io.coveragerules.cdshooks.crd;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import io.coveragerules.cdshooks.CdsRequestException;
import io.coveragerules.cdshooks.HookRequest;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Finds the Coverage a coverage assertion is about: the order's own {@code insurance}, else the single Coverage of
 * the {@code coverage} prefetch. The extension cannot exist without one ("coverage" is 1..1), and CRD answers a
 * missing or ambiguous Coverage with a 400, never with a guess.
 */
@Component
public class CoverageLocator {

    public static final String PREFETCH_KEY = "coverage";

    private final FhirTerser terser;

    public CoverageLocator(FhirContext fhirContext) {
        this.terser = fhirContext.newTerser();
    }

    public Reference coverageFor(Resource order, HookRequest request) {
        if (order.getNamedProperty("insurance") != null) {
            List<Reference> insurance = terser.getValues(order, order.fhirType() + ".insurance", Reference.class);
            if (!insurance.isEmpty() && insurance.get(0).hasReference()) {
                return new Reference(insurance.get(0).getReference());
            }
        }
        List<Coverage> coverages = request.prefetched(PREFETCH_KEY).map(CoverageLocator::coverages).orElse(List.of());
        if (coverages.size() == 1) {
            return new Reference("Coverage/" + coverages.get(0).getIdElement().getIdPart());
        }
        if (coverages.isEmpty()) {
            throw CdsRequestException.badRequest("CRD-400-COVERAGE", ("No Coverage for %s/%s: send the order's 'insurance' "
                    + "or satisfy the '%s' prefetch with the patient's active Coverage.")
                    .formatted(order.fhirType(), order.getIdElement().getIdPart(), PREFETCH_KEY));
        }
        throw CdsRequestException.badRequest("CRD-400-COVERAGE", ("The '%s' prefetch holds %d Coverages and %s/%s names none "
                + "in 'insurance': send only the coverage relevant to the order.")
                .formatted(PREFETCH_KEY, coverages.size(), order.fhirType(), order.getIdElement().getIdPart()));
    }

    private static List<Coverage> coverages(Resource prefetched) {
        if (prefetched instanceof Coverage coverage) {
            return List.of(coverage);
        }
        if (prefetched instanceof Bundle bundle) {
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Coverage.class::isInstance).map(Coverage.class::cast).toList();
        }
        return List.of();
    }
}
