package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.crd.CoverageLocator;
import io.coveragerules.cdshooks.crd.CrdAnswer;
import io.coveragerules.cdshooks.crd.CrdConfiguration;
import io.coveragerules.cdshooks.crd.CrdConfigurationOptions;
import io.coveragerules.cdshooks.crd.CrdResponseWriter;
import io.coveragerules.cdshooks.crd.ReviewedOrder;
import io.coveragerules.cdshooks.ehr.EhrDataCompleter;
import io.coveragerules.cdshooks.ehr.RequestData;
import io.coveragerules.cdshooks.events.HookCallAnswered;
import io.coveragerules.coverage.CoverageDecision;
import io.coveragerules.coverage.CoverageService;
import io.coveragerules.coverage.Outcome;
import io.coveragerules.coverage.PatientRecord;
import io.coveragerules.coverage.PolicyReference;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;

/**
 * A CRD hook service: reads the orders from the hook's context, completes the data the prefetch left out (orders
 * referenced by the context first, then, only if some order concerns a policy, the patient data the policies read),
 * checks that the request carries what a decision needs (the Coverage an assertion would be about), decides each order
 * and writes the CRD answer.
 */
class CrdHookService implements HookService {

    private final HookDefinition definition;
    private final CdsJson.Service descriptor;
    private final HookRequestReader reader;
    private final EhrDataCompleter completer;
    private final CoverageService coverage;
    private final CoverageLocator coverageLocator;
    private final CrdConfigurationOptions options;
    private final CrdResponseWriter responseWriter;
    private final Set<String> patientDataTypes;
    private final MeterRegistry meterRegistry;

    CrdHookService(HookDefinition definition, HookServiceParts parts) {
        this.definition = definition;
        this.reader = parts.reader();
        this.completer = parts.completer();
        this.coverage = parts.coverage();
        this.coverageLocator = parts.coverageLocator();
        this.options = parts.options();
        this.responseWriter = parts.responseWriter();
        this.meterRegistry = parts.meterRegistry();
        this.descriptor = new CdsJson.Service(
                definition.hook(),
                definition.title(),
                definition.description(),
                definition.id(),
                definition.discoveryPrefetch(),
                Map.of("davinci-crd.configuration-options", options.offered()));
        Set<String> types = new HashSet<>(coverage.patientDataTypes());
        types.add("Coverage");
        types.add("Organization"); // a Coverage's payor
        this.patientDataTypes = Set.copyOf(types);
    }

    @Override
    public CdsJson.Service descriptor() {
        return descriptor;
    }

    @Override
    public Answer call(HookRequest request) {
        long start = System.nanoTime();
        CrdConfiguration configuration = options.read(request.configuration());
        if (request.contextText("patientId") == null) {
            throw CdsRequestException.badRequest(
                    "CDS-400-CONTEXT", "%s needs 'context.patientId' (a string).".formatted(definition.hook()));
        }
        OrderSource.ContextOrders context = definition.orders().read(request, reader);
        RequestData data = completer.fromRequest(request, context.contextResources());
        List<OrderSource.Item> items = withoutOrdersNotNeeded(context.items());

        List<String> orderReferences = items.stream()
                .map(OrderSource.Item::orderReference)
                .filter(r -> r != null)
                .toList();
        completer.complete(request, data, Map.of(), orderReferences, start);
        List<OrderSource.Item> concerned = items.stream()
                .map(item -> resolve(item, data))
                .filter(item -> coverage.concerns(item.order(), definition.hook()))
                .toList();
        if (!concerned.isEmpty()) {
            completer.complete(request, data, definition.prefetch(), referencesToFollow(concerned), start);
        }
        // What the request must carry is checked before anything is evaluated.
        List<Reference> coverages = concerned.stream()
                .map(item -> configuration.coverageInfo() && coverage.mayAssertCoverage(item.order(), definition.hook())
                        ? coverageLocator.coverageFor(item.order(), data)
                        : null)
                .toList();

        List<Resource> patientData = data.all().stream()
                .filter(r -> patientDataTypes.contains(r.fhirType()))
                .toList();
        List<ReviewedOrder> reviewed = new ArrayList<>();
        for (int i = 0; i < concerned.size(); i++) {
            Resource order = concerned.get(i).order();
            CoverageDecision decision = coverage.decide(order, definition.hook(), recordFor(order, patientData));
            reviewed.add(
                    new ReviewedOrder(concerned.get(i).annotated(), decision, coverages.get(i), data.failedReads()));
            countDecision(decision);
        }
        CrdAnswer answer = responseWriter.write(reviewed, request.hookInstance(), configuration, definition.primary());
        return new Answer(answer.response(), auditRecords(reviewed, answer.coverageAssertionIds()));
    }

    /**
     * One record per policy that spoke about an order: what that policy itself asserted, and the id of the coverage
     * assertion written on the order (when several policies assert, the most restrictive goes on the order, and every
     * asserting policy's record carries its id, so each can be traced from it).
     */
    private static List<HookCallAnswered.OrderDecision> auditRecords(
            List<ReviewedOrder> reviewed, List<String> assertionIds) {
        List<HookCallAnswered.OrderDecision> records = new ArrayList<>();
        for (int i = 0; i < reviewed.size(); i++) {
            ReviewedOrder order = reviewed.get(i);
            String target = order.annotated().fhirType() + "/"
                    + order.annotated().getIdElement().getIdPart();
            for (PolicyReference policy : order.decision().policies()) {
                String covered = order.decision()
                        .assertionOf(policy)
                        .map(Outcome.CoverageAssertion::covered)
                        .orElse(null);
                records.add(new HookCallAnswered.OrderDecision(
                        target,
                        policy.number(),
                        policy.version(),
                        covered,
                        covered == null ? null : assertionIds.get(i)));
            }
        }
        return records;
    }

    /** Decisions by policy and outcome: the covered code asserted, or "no-assertion" (cards only). */
    private void countDecision(CoverageDecision decision) {
        String covered = decision.assertion()
                .map(a -> a.assertion().orElseThrow().covered())
                .orElse("no-assertion");
        decision.policies()
                .forEach(policy -> meterRegistry
                        .counter(
                                "crd.decisions",
                                "policy",
                                policy.number(),
                                "hook",
                                definition.hook(),
                                "covered",
                                covered)
                        .increment());
    }

    /**
     * An Appointment that its own codes (serviceType, appointmentType, reasonCode, ...) bring under a policy is decided
     * by them: the orders it is based on are then not needed, so one that cannot be had is no reason for a 412.
     */
    private List<OrderSource.Item> withoutOrdersNotNeeded(List<OrderSource.Item> items) {
        Set<Resource> decidedByOwnCodes = Collections.newSetFromMap(new IdentityHashMap<>());
        items.stream()
                .filter(item -> item.order() != null
                        && item.order() == item.annotated()
                        && coverage.concerns(item.order(), definition.hook()))
                .forEach(item -> decidedByOwnCodes.add(item.annotated()));
        return items.stream()
                .filter(item -> item.order() != null || !decidedByOwnCodes.contains(item.annotated()))
                .toList();
    }

    /** What is known of the patient, less the order under review itself (the policy reads that as "the order"). */
    private static PatientRecord recordFor(Resource order, List<Resource> patientData) {
        String identity = RequestData.identity(order);
        return new PatientRecord(
                identity == null
                        ? patientData
                        : patientData.stream()
                                .filter(r -> !identity.equals(RequestData.identity(r)))
                                .toList());
    }

    /** The item with its order in hand; an order that cannot be had at all makes the call a 412 (CDS Hooks). */
    private static OrderSource.Item resolve(OrderSource.Item item, RequestData data) {
        if (item.order() != null) {
            return item;
        }
        Resource order = data.find(item.orderReference())
                .orElseThrow(() -> new CdsRequestException(
                        HttpStatus.PRECONDITION_FAILED,
                        "CRD-412-ORDER",
                        "%s is not in the prefetch or the context, and %s."
                                .formatted(
                                        item.orderReference(),
                                        data.whyUnavailable(item.orderReference())
                                                .orElse("it could not be read"))));
        return new OrderSource.Item(item.annotated() == null ? order : item.annotated(), order, item.orderReference());
    }

    /** The references the concerned orders' policies read through (e.g. reasonReference), to resolve. */
    private List<String> referencesToFollow(List<OrderSource.Item> items) {
        return items.stream()
                .flatMap(item -> coverage.referencesToFollow(item.order(), definition.hook()).stream())
                .distinct()
                .toList();
    }
}
