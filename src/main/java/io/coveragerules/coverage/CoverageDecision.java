package io.coveragerules.coverage;

import io.coveragerules.policy.Policy;
import io.coveragerules.policy.PolicyAction;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the policies say about one order: every outcome whose condition held. An empty list means no policy
 * addresses the order.
 */
public record CoverageDecision(Resource order, List<Outcome> outcomes) {

    /** One applicable outcome and the policy it comes from. */
    public record Outcome(Policy policy, PolicyAction action) {}

    public CoverageDecision {
        outcomes = List.copyOf(outcomes);
    }

    /** The first coverage assertion made about the order, with its policy. */
    public Optional<Outcome> assertion() {
        return outcomes.stream().filter(o -> o.action().assertion().isPresent()).findFirst();
    }
}
