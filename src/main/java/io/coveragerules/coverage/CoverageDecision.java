package io.coveragerules.coverage;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the policies say about one order: every outcome whose condition held, in policy order. An empty list means no
 * policy addresses the order.
 */
public record CoverageDecision(Resource order, List<Outcome> outcomes) {

    public CoverageDecision {
        outcomes = List.copyOf(outcomes);
    }

    /** The outcome whose coverage assertion the order carries, if any policy asserts coverage. */
    public Optional<Outcome> assertion() {
        return outcomes.stream().filter(o -> o.assertion().isPresent()).findFirst();
    }

    /** The policies that spoke about the order, each once. */
    public List<PolicyReference> policies() {
        return outcomes.stream().map(Outcome::policy).distinct().toList();
    }
}
