package io.coveragerules.coverage;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.policy.Policy;
import io.coveragerules.policy.PolicyAction;
import io.coveragerules.policy.PolicyCatalog;
import io.coveragerules.policy.PolicyEvaluationException;
import io.coveragerules.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * Decides orders: finds the policies an order's codes trigger on a CDS hook and evaluates each against the order and
 * the patient record. The CDS Hooks edge asks it what it needs to know beforehand (does any policy concern this order,
 * what data do the policies read, which of the order's references do they follow, may they assert coverage) and gets
 * decisions in this module's own types. Knows nothing of HTTP or JSON; safe for concurrent use.
 */
@Service
public class CoverageService {

    private final PolicyCatalog catalog;
    private final PolicyEvaluator evaluator;
    private final FhirContext fhirContext;
    /** Each policy action as an outcome, made once at start-up. */
    private final Map<PolicyAction, Outcome> outcomes = new IdentityHashMap<>();

    private final List<DataNeed> patientDataNeeds;

    CoverageService(PolicyCatalog catalog, PolicyEvaluator evaluator, FhirContext fhirContext) {
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.fhirContext = fhirContext;
        for (Policy policy : catalog.policies()) {
            PolicyReference reference = new PolicyReference(policy.number(), policy.title(), policy.version());
            policy.actions().forEach(action -> outcomes.put(action, OutcomeMapping.of(reference, action)));
        }
        this.patientDataNeeds = catalog.patientDataNeeds().stream()
                .map(need -> new DataNeed(
                        need.key(),
                        need.resourceType(),
                        need.codeFilters().stream()
                                .map(f -> new DataNeed.CodeFilter(f.path(), f.codes()))
                                .toList()))
                .toList();
    }

    /** Whether some policy's trigger codes for {@code hook} are on this order. */
    public boolean concerns(Resource order, String hook) {
        return !catalog.policiesFor(order, hook).isEmpty();
    }

    /**
     * Whether some policy concerning this order on {@code hook} can assert coverage on it, so that the request must
     * name the Coverage before anything is evaluated.
     */
    public boolean mayAssertCoverage(Resource order, String hook) {
        return catalog.policiesFor(order, hook).stream()
                .anyMatch(p -> p.actions().stream().anyMatch(a -> a.assertion().isPresent()));
    }

    /** The resource types of the orders some policy's triggers name for {@code hook} (discovery prefetches them). */
    public Set<String> orderTypes(String hook) {
        Set<String> types = new TreeSet<>();
        catalog.policies()
                .forEach(p -> p.triggers().stream()
                        .filter(t -> t.hook().equals(hook))
                        .forEach(t -> types.add(t.resourceType())));
        return types;
    }

    /** What the policies read about the patient, each need once (the discovery prefetch asks for them). */
    public List<DataNeed> patientDataNeeds() {
        return patientDataNeeds;
    }

    /** The resource types of {@link #patientDataNeeds()}: what of the request's data a decision reads. */
    public Set<String> patientDataTypes() {
        Set<String> types = new LinkedHashSet<>();
        patientDataNeeds.forEach(need -> types.add(need.resourceType()));
        return types;
    }

    /**
     * The references of the order that the policies concerning it on {@code hook} read through (the elements their
     * Library names as must-support on the order's type, e.g. {@code reasonReference}): the edge resolves them.
     */
    public List<String> referencesToFollow(Resource order, String hook) {
        Set<String> references = new LinkedHashSet<>();
        for (Policy policy : catalog.policiesFor(order, hook)) {
            for (Policy.DataNeed read : policy.reads()) {
                if (read.resourceType().equals(order.fhirType())) {
                    for (String element : read.mustSupport()) {
                        var property = order.getNamedProperty(element);
                        if (property != null) {
                            property.getValues().stream()
                                    .filter(Reference.class::isInstance)
                                    .map(v -> ((Reference) v).getReference())
                                    .filter(r -> r != null)
                                    .forEach(references::add);
                        }
                    }
                }
            }
        }
        return List.copyOf(references);
    }

    /** The card types (CRD card-type codes, with their display) that some policy's cards carry. */
    public Map<String, String> cardTypes() {
        return catalog.cardTypes();
    }

    /**
     * Synthetic orders that reach every policy (one per trigger), naming the patient and Coverage by the ids given:
     * what the server decides for itself to warm up before it reports ready.
     */
    public List<Resource> sampleOrders(String patientId, String coverageId) {
        return SampleOrders.of(catalog, fhirContext, patientId, coverageId);
    }

    /** Decides one order on {@code hook} with what is known of the patient. */
    public CoverageDecision decide(Resource order, String hook, PatientRecord record) {
        List<Outcome> decided = new ArrayList<>();
        List<Policy> policies = catalog.policiesFor(order, hook);
        if (!policies.isEmpty()) {
            Bundle data = evaluationData(order, record);
            for (Policy policy : policies) {
                try {
                    evaluator.applicableActions(policy, data).forEach(action -> decided.add(outcomes.get(action)));
                } catch (PolicyEvaluationException e) {
                    throw new DecisionFailedException(e.getMessage(), e);
                }
            }
        }
        return new CoverageDecision(order, decided);
    }

    /** The one order under review plus the patient record: policies read "the order" as the only request in it. */
    private static Bundle evaluationData(Resource order, PatientRecord record) {
        Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
        data.addEntry().setResource(order);
        record.resources().forEach(r -> data.addEntry().setResource(r));
        return data;
    }
}
