package io.coveragerules.coverage;

import java.util.List;
import java.util.Optional;

/**
 * One outcome a policy reached for an order: a card to show, a coverage assertion to record on the order, or both.
 *
 * @param id the outcome's id within its policy (the PlanDefinition action's id)
 */
public record Outcome(PolicyReference policy, String id, Optional<Card> card, Optional<CoverageAssertion> assertion) {

    /**
     * A card for the clinician.
     *
     * @param priority FHIR request priority: routine, urgent, asap or stat (the CDS Hooks indicator follows from it)
     */
    public record Card(
            String summary,
            String detail,
            String priority,
            String topicSystem,
            String topicCode,
            String topicDisplay,
            List<Link> links) {}

    /** A card link; {@code policyDocument} links go to wherever the payer publishes the policy's text. */
    public record Link(String label, String url, boolean policyDocument) {}

    /**
     * What the policy asserts about coverage of the order (the CRD coverage-information fields it decides).
     *
     * @param covered        covered | not-covered | conditional
     * @param paNeeded       no-auth | auth-needed | ... or null
     * @param reason         human-readable reason
     * @param docNeeded      clinical | admin | both | conditional, or null: documentation that would let the payer
     *                       reconsider (CRD: it launches DTR)
     * @param questionnaires canonicals of the DTR Questionnaires for that documentation
     */
    public record CoverageAssertion(
            String covered, String paNeeded, String reason, String docNeeded, List<String> questionnaires) {

        public CoverageAssertion {
            questionnaires = questionnaires == null ? List.of() : List.copyOf(questionnaires);
        }

        /** The assertion without a request for documentation (CRD: none on secondary hooks such as order-select). */
        public CoverageAssertion withoutDocumentation() {
            return new CoverageAssertion(covered, paNeeded, reason, null, List.of());
        }
    }
}
