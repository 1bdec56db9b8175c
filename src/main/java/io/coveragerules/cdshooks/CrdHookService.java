package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.crd.CrdConfiguration;
import io.coveragerules.cdshooks.crd.CrdConfigurationOptions;
import io.coveragerules.cdshooks.crd.CrdResponseWriter;
import io.coveragerules.cdshooks.crd.ReviewedOrder;
import io.coveragerules.cdshooks.ehr.EhrDataCompleter;
import io.coveragerules.cdshooks.ehr.RequestData;
import io.coveragerules.coverage.CoverageDecision;
import io.coveragerules.coverage.CoverageService;
import io.coveragerules.coverage.PatientRecord;
import io.coveragerules.policy.PolicyCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;

/**
 * A CRD hook service: reads the orders from the hook's context, completes the data the prefetch left out (orders
 * referenced by the context first, then, only if some order concerns a policy, the patient data the policies read),
 * decides each order and writes the CRD answer.
 */
class CrdHookService implements HookService {

    /** Elements through which an order points to its diagnoses, read by the policies. */
    private static final List<String> REASON_ELEMENTS = List.of("reasonReference");

    private final HookDefinition definition;
    private final CdsJson.Service descriptor;
    private final HookRequestReader reader;
    private final EhrDataCompleter completer;
    private final PolicyCatalog catalog;
    private final CoverageService coverageService;
    private final CrdConfigurationOptions options;
    private final CrdResponseWriter responseWriter;
    private final Set<String> patientDataTypes;
    private final MeterRegistry meterRegistry;

    CrdHookService(
            HookDefinition definition,
            HookRequestReader reader,
            EhrDataCompleter completer,
            PolicyCatalog catalog,
            CoverageService coverageService,
            CrdConfigurationOptions options,
            CrdResponseWriter responseWriter,
            MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
        this.definition = definition;
        this.reader = reader;
        this.completer = completer;
        this.catalog = catalog;
        this.coverageService = coverageService;
        this.options = options;
        this.responseWriter = responseWriter;
        this.descriptor = new CdsJson.Service(
                definition.hook(),
                definition.title(),
                definition.description(),
                definition.id(),
                definition.prefetch(),
                Map.of("davinci-crd.configuration-options", options.offered()));
        Set<String> types = new java.util.HashSet<>(catalog.patientDataTypes());
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

        List<String> orderReferences = context.items().stream()
                .map(OrderSource.Item::orderReference)
                .filter(r -> r != null)
                .toList();
        completer.complete(request, data, Map.of(), orderReferences, start);
        List<OrderSource.Item> items =
                context.items().stream().map(item -> resolve(item, data)).toList();

        List<OrderSource.Item> concerned = items.stream()
                .filter(i -> !catalog.policiesFor(i.order()).isEmpty())
                .toList();
        if (!concerned.isEmpty()) {
            completer.complete(request, data, definition.prefetch(), reasonReferences(concerned), start);
        }
        PatientRecord record = new PatientRecord(data.all().stream()
                .filter(r -> patientDataTypes.contains(r.fhirType()))
                .toList());
        List<ReviewedOrder> reviewed = new ArrayList<>();
        for (OrderSource.Item item : concerned) {
            CoverageDecision decision = coverageService.decide(item.order(), record);
            reviewed.add(new ReviewedOrder(item.annotated(), decision));
            countDecision(decision);
        }
        return responseWriter.write(reviewed, request, data, configuration, definition.primary());
    }

    /** Decisions by policy and outcome: the covered code asserted, or "no-assertion" (cards only). */
    private void countDecision(CoverageDecision decision) {
        decision.outcomes().stream()
                .map(o -> o.policy().number())
                .distinct()
                .forEach(policy -> meterRegistry
                        .counter(
                                "crd.decisions",
                                "policy",
                                policy,
                                "hook",
                                definition.hook(),
                                "covered",
                                decision.assertion()
                                        .map(a -> a.action()
                                                .assertion()
                                                .orElseThrow()
                                                .covered())
                                        .orElse("no-assertion"))
                        .increment());
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

    private static List<String> reasonReferences(List<OrderSource.Item> items) {
        List<String> references = new ArrayList<>();
        for (OrderSource.Item item : items) {
            for (String element : REASON_ELEMENTS) {
                var property = item.order().getNamedProperty(element);
                if (property != null) {
                    property.getValues().stream()
                            .filter(Reference.class::isInstance)
                            .map(v -> ((Reference) v).getReference())
                            .filter(r -> r != null)
                            .forEach(references::add);
                }
            }
        }
        return references;
    }
}
