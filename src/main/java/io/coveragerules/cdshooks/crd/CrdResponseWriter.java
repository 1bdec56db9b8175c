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
    private final DtrAppLink dtrAppLink;

    CrdResponseWriter(
            CardWriter cardWriter,
            CoverageInformation coverageInformation,
            AnnotatedOrderJson orderJson,
            DtrAppLink dtrAppLink) {
        this.cardWriter = cardWriter;
        this.dtrAppLink = dtrAppLink;
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
            Optional<CoverageInformation.AnnotatedOrder> annotated = configuration.coverageInfo()
                    ? decision.assertion().flatMap(outcome -> annotate(order, outcome, hookInstance, primary))
                    : Optional.empty();
            for (Outcome outcome : decision.outcomes()) {
                outcome.card()
                        .filter(card -> configuration.showsCardsOfType(card.topicCode()))
                        .ifPresent(card -> cards.add(cardWriter.write(
                                card, outcome.policy(), decision.order(), severalOrders, order.unreadDataNote())));
                if (primary
                        && annotated.isPresent()
                        && decision.assertion().orElse(null) == outcome
                        && configuration.showsCardsOfType(CardWriter.DTR_APP_TOPIC)) {
                    dtrAppCard(outcome, annotated.get(), order, severalOrders).ifPresent(cards::add);
                }
            }
            annotated.ifPresent(a -> systemActions.add(action(a, order)));
            assertionIds.add(annotated
                    .map(CoverageInformation.AnnotatedOrder::coverageAssertionId)
                    .orElse(null));
        }
        return new CrdAnswer(
                new CdsJson.Response(cards.subList(0, Math.min(cards.size(), configuration.maxCards())), systemActions),
                assertionIds);
    }

    /**
     * A card of its own, right after the asserting outcome's, that launches the DTR app when the assertion asks for
     * documentation. Not a link on the asserting card: that card is CRD's Instructions card, which has no links.
     */
    private Optional<CdsJson.Card> dtrAppCard(
            Outcome outcome, CoverageInformation.AnnotatedOrder annotated, ReviewedOrder order, boolean severalOrders) {
        return dtrAppLink
                .forAssertion(
                        outcome.assertion().orElseThrow(),
                        annotated.coverageAssertionId(),
                        order.decision().order(),
                        order.coverage())
                .map(link -> cardWriter.dtrApp(link, order.decision().order(), severalOrders));
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
