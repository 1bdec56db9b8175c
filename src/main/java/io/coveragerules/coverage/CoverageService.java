package io.coveragerules.coverage;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.policy.Policy;
import io.coveragerules.policy.PolicyAction;
import io.coveragerules.policy.PolicyCatalog;
import io.coveragerules.policy.PolicyEvaluationException;
import io.coveragerules.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * Decides orders: finds the policies an order's codes trigger and evaluates each against the order and the patient
 * record. The CDS Hooks edge asks it what it needs to know beforehand (does any policy concern this order, what data do
 * the policies read, may they assert coverage) and gets decisions in this module's own types. Knows nothing of CDS
 * Hooks or JSON; safe for concurrent use.
 */
@Service
public class CoverageService {

    private final PolicyCatalog catalog;
    private final PolicyEvaluator evaluator;
    private final FhirContext fhirContext;
    /** Each policy action as an outcome, made once at start-up. */
    private final Map<PolicyAction, Outcome> outcomes = new IdentityHashMap<>();

    CoverageService(PolicyCatalog catalog, PolicyEvaluator evaluator, FhirContext fhirContext) {
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.fhirContext = fhirContext;
        for (Policy policy : catalog.policies()) {
            PolicyReference reference = new PolicyReference(policy.number(), policy.title(), policy.version());
            policy.actions().forEach(action -> outcomes.put(action, OutcomeMapping.of(reference, action)));
        }
    }

    /** Whether some policy's trigger codes are on this order. */
    public boolean concerns(Resource order) {
        return !catalog.policiesFor(order).isEmpty();
    }

    /**
     * Whether some policy concerning this order can assert coverage on it, so that the request must name the Coverage
     * before anything is evaluated.
     */
    public boolean mayAssertCoverage(Resource order) {
        return catalog.policiesFor(order).stream()
                .anyMatch(p -> p.actions().stream().anyMatch(a -> a.assertion().isPresent()));
    }

    /** Resource types some policy reads about the patient (the discovery prefetch asks for them). */
    public Set<String> patientDataTypes() {
        return catalog.patientDataTypes();
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

    /** Decides one order with what is known of the patient. */
    public CoverageDecision decide(Resource order, PatientRecord record) {
        List<Outcome> decided = new ArrayList<>();
        List<Policy> policies = catalog.policiesFor(order);
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
