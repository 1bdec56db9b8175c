package io.coveragerules.cdshooks.crd;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.cdshooks.HookRequest;
import io.coveragerules.cdshooks.HookService;
import io.coveragerules.cdshooks.ehr.RequestData;
import io.coveragerules.coverage.CoverageDecision;
import io.coveragerules.coverage.HookAnswered;
import io.coveragerules.policy.PolicyAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DomainResource;
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
    private final CoverageLocator coverageLocator;
    private final FhirContext fhirContext;

    public CrdResponseWriter(
            CardWriter cardWriter,
            CoverageInformation coverageInformation,
            CoverageLocator coverageLocator,
            FhirContext fhirContext) {
        this.cardWriter = cardWriter;
        this.coverageInformation = coverageInformation;
        this.coverageLocator = coverageLocator;
        this.fhirContext = fhirContext;
    }

    /**
     * @param primary whether the hook is a CRD primary hook; on the others, coverage information never asks for
     *                documentation (CRD: "SHALL NOT include messages indicating a need for clinical or administrative
     *                information")
     */
    public HookService.Answer write(
            List<ReviewedOrder> reviewed,
            HookRequest request,
            RequestData data,
            CrdConfiguration configuration,
            boolean primary) {
        List<HookAnswered.OrderDecision> decisions = new ArrayList<>();
        List<CdsJson.Card> cards = new ArrayList<>();
        List<CdsJson.Action> systemActions = new ArrayList<>();
        boolean severalOrders = reviewed.size() > 1;
        for (ReviewedOrder order : reviewed) {
            CoverageDecision decision = order.decision();
            for (CoverageDecision.Outcome outcome : decision.outcomes()) {
                outcome.action()
                        .card()
                        .filter(card -> configuration.showsCardsOfType(card.topicCode()))
                        .ifPresent(card ->
                                cards.add(cardWriter.write(card, outcome.policy(), decision.order(), severalOrders)));
            }
            Optional<AnnotatedAction> annotated = configuration.coverageInfo()
                    ? decision.assertion().flatMap(outcome -> coverageAction(order, outcome, request, data, primary))
                    : Optional.empty();
            annotated.ifPresent(a -> systemActions.add(a.action()));
            decisions.addAll(auditRecords(order, annotated));
        }
        return new HookService.Answer(
                new CdsJson.Response(cards.subList(0, Math.min(cards.size(), configuration.maxCards())), systemActions),
                decisions);
    }

    private record AnnotatedAction(CdsJson.Action action, String coverageAssertionId) {}

    /** One record per policy that spoke about the order: what it asserted, under which assertion id, if any. */
    private static List<HookAnswered.OrderDecision> auditRecords(
            ReviewedOrder order, Optional<AnnotatedAction> annotated) {
        CoverageDecision decision = order.decision();
        String target = order.annotated().fhirType() + "/"
                + order.annotated().getIdElement().getIdPart();
        return decision.outcomes().stream()
                .map(CoverageDecision.Outcome::policy)
                .distinct()
                .map(policy -> {
                    Optional<CoverageDecision.Outcome> asserted =
                            decision.assertion().filter(a -> a.policy() == policy);
                    return new HookAnswered.OrderDecision(
                            target,
                            policy.number(),
                            policy.version(),
                            asserted.map(a ->
                                            a.action().assertion().orElseThrow().covered())
                                    .orElse(null),
                            asserted.flatMap(a -> annotated.map(AnnotatedAction::coverageAssertionId))
                                    .orElse(null));
                })
                .toList();
    }

    private Optional<AnnotatedAction> coverageAction(
            ReviewedOrder reviewed,
            CoverageDecision.Outcome outcome,
            HookRequest request,
            RequestData data,
            boolean primary) {
        DomainResource annotated = (DomainResource) reviewed.annotated();
        PolicyAction.CoverageAssertion assertion = primary
                ? outcome.action().assertion().orElseThrow()
                : outcome.action().assertion().orElseThrow().withoutDocumentation();
        var annotatedOrder = coverageInformation.annotate(
                annotated, coverageLocator.coverageFor(reviewed.decision().order(), data), outcome.policy(), assertion);
        String target = annotated.fhirType() + "/" + annotated.getIdElement().getIdPart();
        if (annotatedOrder.isEmpty()) {
            log.info(
                    "hookInstance={} {} already carries this coverage information; no update",
                    request.hookInstance(),
                    target);
            return Optional.empty();
        }
        log.info(
                "hookInstance={} order={} policy={} version={} covered={} coverage-assertion-id={}",
                request.hookInstance(),
                target,
                outcome.policy().number(),
                outcome.policy().version(),
                assertion.covered(),
                annotatedOrder.get().coverageAssertionId());
        return Optional.of(new AnnotatedAction(
                new CdsJson.Action(
                        "update",
                        "Record %s's coverage information on %s (policy %s: %s)"
                                .formatted(
                                        cardWriter.payerName(),
                                        target,
                                        outcome.policy().number(),
                                        assertion.covered()),
                        fhirContext
                                .newJsonParser()
                                .encodeResourceToString(annotatedOrder.get().order())),
                annotatedOrder.get().coverageAssertionId()));
    }
}
