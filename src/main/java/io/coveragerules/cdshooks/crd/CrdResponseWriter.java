package io.coveragerules.cdshooks.crd;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.cdshooks.HookRequest;
import io.coveragerules.coverage.CoverageDecision;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DomainResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns coverage decisions into a CRD response: a coverage-information system action per order a policy asserts
 * coverage for (CRD: coverage goes in a systemAction on the order, never in a card) and the outcomes' cards.
 */
@Component
public class CrdResponseWriter {

    private static final Logger log = LoggerFactory.getLogger(CrdResponseWriter.class);
    private static final String COVERAGE_INFO_TOPIC = "coverage-info";

    private final CardWriter cardWriter;
    private final CoverageInformation coverageInformation;
    private final CoverageLocator coverageLocator;
    private final FhirContext fhirContext;

    public CrdResponseWriter(CardWriter cardWriter, CoverageInformation coverageInformation, CoverageLocator coverageLocator,
                             FhirContext fhirContext) {
        this.cardWriter = cardWriter;
        this.coverageInformation = coverageInformation;
        this.coverageLocator = coverageLocator;
        this.fhirContext = fhirContext;
    }

    public CdsJson.Response write(List<CoverageDecision> decisions, HookRequest request, CrdConfiguration configuration) {
        List<CdsJson.Card> cards = new ArrayList<>();
        List<CdsJson.Action> systemActions = new ArrayList<>();
        boolean severalOrders = decisions.size() > 1;
        for (CoverageDecision decision : decisions) {
            for (CoverageDecision.Outcome outcome : decision.outcomes()) {
                outcome.action().card()
                        .filter(card -> configuration.coverageInfo() || !COVERAGE_INFO_TOPIC.equals(card.topicCode()))
                        .ifPresent(card -> cards.add(cardWriter.write(card, outcome.policy(), decision.order(), severalOrders)));
            }
            if (configuration.coverageInfo()) {
                decision.assertion().ifPresent(outcome -> systemActions.add(coverageAction(decision, outcome, request)));
            }
        }
        return new CdsJson.Response(cards.subList(0, Math.min(cards.size(), configuration.maxCards())), systemActions);
    }

    private CdsJson.Action coverageAction(CoverageDecision decision, CoverageDecision.Outcome outcome, HookRequest request) {
        DomainResource order = (DomainResource) decision.order();
        var assertion = outcome.action().assertion().orElseThrow();
        var annotated = coverageInformation.annotate(order, coverageLocator.coverageFor(order, request), outcome.policy(), assertion);
        log.info("hookInstance={} order={}/{} policy={} version={} covered={} coverage-assertion-id={}", request.hookInstance(),
                order.fhirType(), order.getIdElement().getIdPart(), outcome.policy().number(), outcome.policy().version(),
                assertion.covered(), annotated.coverageAssertionId());
        return new CdsJson.Action("update",
                "Record %s's coverage information on %s/%s (policy %s: %s)".formatted(cardWriter.payerName(), order.fhirType(),
                        order.getIdElement().getIdPart(), outcome.policy().number(), assertion.covered()),
                fhirContext.newJsonParser().encodeResourceToString(annotated.order()));
    }

}
