package io.coveragerules.policy;

import java.util.List;
import java.util.Optional;

/**
 * One outcome of a policy (a PlanDefinition action): it applies when its CQL definition is true for the order, and
 * then shows a card, annotates the order with a coverage assertion, or both.
 *
 * @param condition the name of a boolean CQL definition in the policy's library
 */
public record PolicyAction(String id, String condition, Optional<Card> card, Optional<CoverageAssertion> assertion) {

    /**
     * The card an action shows.
     *
     * @param priority FHIR request priority: routine, urgent, asap or stat (the CDS Hooks indicator follows from it)
     * @param topic    system and code of the card type
     */
    public record Card(
            String summary,
            String detail,
            String priority,
            String topicSystem,
            String topicCode,
            String topicDisplay,
            List<Link> links) {}

    /** A card link; {@code policyDocument} links go to wherever the payer publishes the policy text. */
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
    }
}
