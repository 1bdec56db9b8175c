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

    /**
     * The outcome whose coverage assertion the order carries, if any policy asserts coverage: when several do, the most
     * restrictive ({@link AssertionRanking}; the first of equals).
     */
    public Optional<Outcome> assertion() {
        Outcome chosen = null;
        for (Outcome outcome : outcomes) {
            if (outcome.assertion().isPresent()
                    && (chosen == null
                            || AssertionRanking.RESTRICTIVENESS.compare(
                                            outcome.assertion().get(),
                                            chosen.assertion().get())
                                    > 0)) {
                chosen = outcome;
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** What {@code policy} itself asserted about the order, if anything (whether or not its assertion was chosen). */
    public Optional<Outcome.CoverageAssertion> assertionOf(PolicyReference policy) {
        return outcomes.stream()
                .filter(o -> o.policy().equals(policy))
                .flatMap(o -> o.assertion().stream())
                .findFirst();
    }

    /** The policies that spoke about the order, each once. */
    public List<PolicyReference> policies() {
        return outcomes.stream().map(Outcome::policy).distinct().toList();
    }
}
