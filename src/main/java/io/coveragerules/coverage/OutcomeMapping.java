package io.coveragerules.coverage;

import io.coveragerules.policy.PolicyAction;

/** A policy action as this module's {@link Outcome}: the edge reads outcomes, never the policy model. */
final class OutcomeMapping {

    private OutcomeMapping() {}

    static Outcome of(PolicyReference policy, PolicyAction action) {
        return new Outcome(
                policy,
                action.id(),
                action.card()
                        .map(c -> new Outcome.Card(
                                c.summary(),
                                c.detail(),
                                c.priority(),
                                c.topicSystem(),
                                c.topicCode(),
                                c.topicDisplay(),
                                c.links().stream()
                                        .map(l -> new Outcome.Link(l.label(), l.url(), l.policyDocument()))
                                        .toList())),
                action.assertion()
                        .map(a -> new Outcome.CoverageAssertion(
                                a.covered(), a.paNeeded(), a.reason(), a.docNeeded(), a.questionnaires())));
    }
}
