package io.coveragerules.cdshooks.crd;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import io.coveragerules.cdshooks.CdsRequestException;
import io.coveragerules.cdshooks.ehr.RequestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Finds the Coverage a coverage assertion is about: the order's own {@code insurance}, else the single Coverage the
 * prefetch (or the EHR) gave. The extension cannot exist without one ("coverage" is 1..1). CRD answers a missing,
 * ambiguous or foreign Coverage with a 400, never with a guess; a Coverage that could not be read at all is a 412.
 */
@Component
public class CoverageLocator {

    public static final String PREFETCH_KEY = "coverage";

    private final FhirTerser terser;
    private final List<String> payerIdentifiers;

    public CoverageLocator(FhirContext fhirContext, CrdProperties properties) {
        this.terser = fhirContext.newTerser();
        this.payerIdentifiers = properties.payer().identifiers();
    }

    public Reference coverageFor(Resource order, RequestData data) {
        Optional<Reference> insurance = insurance(order);
        if (insurance.isPresent()) {
            data.find(insurance.get().getReference()).ifPresent(c -> requireOurs((Coverage) c, data));
            return insurance.get();
        }
        List<Coverage> coverages = data.ofType(Coverage.class);
        if (coverages.size() == 1) {
            requireOurs(coverages.get(0), data);
            return new Reference("Coverage/" + coverages.get(0).getIdElement().getIdPart());
        }
        String orderName = order.fhirType() + "/" + order.getIdElement().getIdPart();
        if (coverages.isEmpty()) {
            Optional<String> why = data.whyUnavailable(PREFETCH_KEY);
            if (why.isPresent()) {
                throw new CdsRequestException(
                        HttpStatus.PRECONDITION_FAILED,
                        "CRD-412-COVERAGE",
                        "No Coverage for %s: the '%s' prefetch was not sent and %s."
                                .formatted(orderName, PREFETCH_KEY, why.get()));
            }
            throw CdsRequestException.badRequest(
                    "CRD-400-COVERAGE",
                    ("No Coverage for %s: send the order's 'insurance' "
                                    + "or satisfy the '%s' prefetch with the patient's active Coverage.")
                            .formatted(orderName, PREFETCH_KEY));
        }
        throw CdsRequestException.badRequest(
                "CRD-400-COVERAGE",
                ("%d Coverages were sent and %s names none in 'insurance': "
                                + "send only the coverage relevant to the order.")
                        .formatted(coverages.size(), orderName));
    }

    private Optional<Reference> insurance(Resource order) {
        if (order.getNamedProperty("insurance") == null) {
            return Optional.empty();
        }
        return terser.getValues(order, order.fhirType() + ".insurance", Reference.class).stream()
                .filter(Reference::hasReference)
                .findFirst()
                .map(r -> new Reference(r.getReference()));
    }

    /** CRD: a Coverage of a payer this endpoint does not serve is a 400. */
    private void requireOurs(Coverage coverage, RequestData data) {
        if (payerIdentifiers.isEmpty()) {
            return;
        }
        List<Identifier> identifiers = new ArrayList<>();
        for (Reference payor : coverage.getPayor()) {
            if (payor.hasIdentifier()) {
                identifiers.add(payor.getIdentifier());
            }
            if (payor.hasReference()) {
                data.find(payor.getReference())
                        .filter(Organization.class::isInstance)
                        .ifPresent(org -> identifiers.addAll(((Organization) org).getIdentifier()));
            }
        }
        if (identifiers.isEmpty()) {
            return; // CRD 2.0.1 does not require payor.identifier; nothing says this is someone else's coverage
        }
        boolean ours =
                identifiers.stream().anyMatch(i -> payerIdentifiers.contains(i.getSystem() + "|" + i.getValue()));
        if (!ours) {
            throw CdsRequestException.badRequest(
                    "CRD-400-PAYER",
                    ("Coverage/%s is with another payer (%s): this server "
                                    + "answers for %s only; call that payer's CRD server.")
                            .formatted(
                                    coverage.getIdElement().getIdPart(),
                                    identifiers.stream()
                                            .map(i -> i.getSystem() + "|" + i.getValue())
                                            .toList(),
                                    payerIdentifiers));
        }
    }
}
