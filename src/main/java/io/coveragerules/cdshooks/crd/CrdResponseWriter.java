package io.coveragerules.cdshooks.crd;

import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.coverage.CoverageDecision;
import io.coveragerules.coverage.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns coverage decisions into a CRD response: a coverage-information system action per order a policy asserts
 * coverage for (CRD: coverage goes in a systemAction on the order, never in a card) and the outcomes' cards, as the
 * request's configuration options allow.
 */
@Component
public class CrdResponseWriter {

    private static final Logger log = LoggerFactory.getLogger(CrdResponseWriter.class);

    private final CardWriter cardWriter;
    private final CoverageInformation coverageInformation;
    private final AnnotatedOrderJson orderJson;

    CrdResponseWriter(CardWriter cardWriter, CoverageInformation coverageInformation, AnnotatedOrderJson orderJson) {
        this.cardWriter = cardWriter;
        this.coverageInformation = coverageInformation;
        this.orderJson = orderJson;
    }

    /**
     * @param primary whether the hook is a CRD primary hook; on the others, coverage information never asks for
     *                documentation (CRD: "SHALL NOT include messages indicating a need for clinical or administrative
     *                information")
     */
    public CrdAnswer write(
            List<ReviewedOrder> reviewed, String hookInstance, CrdConfiguration configuration, boolean primary) {
        List<CdsJson.Card> cards = new ArrayList<>();
        List<CdsJson.Action> systemActions = new ArrayList<>();
        List<String> assertionIds = new ArrayList<>();
        boolean severalOrders = reviewed.size() > 1;
        for (ReviewedOrder order : reviewed) {
            CoverageDecision decision = order.decision();
            for (Outcome outcome : decision.outcomes()) {
                outcome.card()
                        .filter(card -> configuration.showsCardsOfType(card.topicCode()))
                        .ifPresent(card -> cards.add(cardWriter.write(
                                card, outcome.policy(), decision.order(), severalOrders, order.unreadDataNote())));
            }
            Optional<CoverageInformation.AnnotatedOrder> annotated = configuration.coverageInfo()
                    ? decision.assertion().flatMap(outcome -> annotate(order, outcome, hookInstance, primary))
                    : Optional.empty();
            annotated.ifPresent(a -> systemActions.add(action(a, order)));
            assertionIds.add(annotated
                    .map(CoverageInformation.AnnotatedOrder::coverageAssertionId)
                    .orElse(null));
        }
        return new CrdAnswer(
                new CdsJson.Response(cards.subList(0, Math.min(cards.size(), configuration.maxCards())), systemActions),
                assertionIds);
    }

    private Optional<CoverageInformation.AnnotatedOrder> annotate(
            ReviewedOrder reviewed, Outcome outcome, String hookInstance, boolean primary) {
        Outcome.CoverageAssertion assertion = primary
                ? outcome.assertion().orElseThrow()
                : outcome.assertion().orElseThrow().withoutDocumentation();
        DomainResource annotated = (DomainResource) reviewed.annotated();
        Optional<CoverageInformation.AnnotatedOrder> written = coverageInformation.annotate(
                annotated, reviewed.coverage(), outcome.policy(), assertion, reviewed.unreadDataNote());
        // DEBUG, not INFO: a line per decided order cost about 7 % of order-sign (issue 13); the audit trail keeps them
        if (written.isEmpty()) {
            log.debug(
                    "hookInstance={} {} already carries this coverage information; no update",
                    hookInstance,
                    name(annotated));
        } else {
            log.debug(
                    "hookInstance={} order={} policy={} version={} covered={} coverage-assertion-id={}",
                    hookInstance,
                    name(annotated),
                    outcome.policy().number(),
                    outcome.policy().version(),
                    assertion.covered(),
                    written.get().coverageAssertionId());
        }
        return written;
    }

    private CdsJson.Action action(CoverageInformation.AnnotatedOrder annotated, ReviewedOrder reviewed) {
        Outcome outcome = reviewed.decision().assertion().orElseThrow();
        return new CdsJson.Action(
                "update",
                "Record %s's coverage information on %s (policy %s: %s)"
                        .formatted(
                                cardWriter.payerName(),
                                name(reviewed.annotated()),
                                outcome.policy().number(),
                                outcome.assertion().orElseThrow().covered()),
                orderJson.write(reviewed, annotated));
    }

    private static String name(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }
}
