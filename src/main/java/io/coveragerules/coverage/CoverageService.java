package io.coveragerules.coverage;

import io.coveragerules.policy.Policy;
import io.coveragerules.policy.PolicyAction;
import io.coveragerules.policy.PolicyCatalog;
import io.coveragerules.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * Decides orders: finds the policies an order's codes trigger and evaluates each against the order and the patient
 * record. Knows nothing of CDS Hooks or JSON; safe for concurrent use.
 */
@Service
public class CoverageService {

    private final PolicyCatalog catalog;
    private final PolicyEvaluator evaluator;

    public CoverageService(PolicyCatalog catalog, PolicyEvaluator evaluator) {
        this.catalog = catalog;
        this.evaluator = evaluator;
    }

    public CoverageDecision decide(Resource order, PatientRecord record) {
        List<CoverageDecision.Outcome> outcomes = new ArrayList<>();
        List<Policy> policies = catalog.policiesFor(order);
        if (!policies.isEmpty()) {
            Bundle data = evaluationData(order, record);
            for (Policy policy : policies) {
                for (PolicyAction action : evaluator.applicableActions(policy, data)) {
                    outcomes.add(new CoverageDecision.Outcome(policy, action));
                }
            }
        }
        return new CoverageDecision(order, outcomes);
    }

    /** The one order under review plus the patient record: policies read "the order" as the only request in it. */
    private static Bundle evaluationData(Resource order, PatientRecord record) {
        Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
        data.addEntry().setResource(order);
        record.resources().forEach(r -> data.addEntry().setResource(r));
        return data;
    }
}
