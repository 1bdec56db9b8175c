package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.cdshooks.crd.CrdConfiguration;
import io.coveragerules.cdshooks.crd.CrdResponseWriter;
import io.coveragerules.coverage.CoverageDecision;
import io.coveragerules.coverage.CoverageService;
import io.coveragerules.coverage.PatientRecord;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * The {@code order-sign} service (CDS Hooks order-sign 1.0, CRD 2.0.1): every order in {@code context.draftOrders}
 * is decided against the policies; the answer carries coverage information and cards.
 */
@Component
class OrderSignService implements HookService {

    static final String ID = "order-sign-crd";

    private final HookRequestReader reader;
    private final CoverageService coverageService;
    private final CrdResponseWriter responseWriter;
    private final CdsJson.Service descriptor;

    OrderSignService(HookRequestReader reader, CoverageService coverageService, CrdResponseWriter responseWriter,
                     PrefetchTemplates prefetch) {
        this.reader = reader;
        this.coverageService = coverageService;
        this.responseWriter = responseWriter;
        this.descriptor = new CdsJson.Service("order-sign", "Coverage requirements for orders being signed",
                "Tells whether the payer covers each draft order, annotating it with Da Vinci CRD coverage information, "
                        + "and explains the medical policy that applies, with its evidence.",
                ID, prefetch.forPatientHooks(), Map.of("davinci-crd.configuration-options", CrdConfiguration.options()));
    }

    @Override
    public CdsJson.Service descriptor() {
        return descriptor;
    }

    @Override
    public CdsJson.Response call(HookRequest request) {
        CrdConfiguration configuration = CrdConfiguration.from(request.configuration());
        requireText(request.context(), "patientId");
        JsonNode draftOrders = request.context().get("draftOrders");
        if (draftOrders == null || draftOrders.isNull()) {
            throw CdsRequestException.badRequest("CDS-400-CONTEXT", "order-sign needs 'context.draftOrders', a FHIR Bundle of the orders being signed.");
        }
        Bundle bundle = reader.parse(draftOrders, Bundle.class, "context.draftOrders");
        PatientRecord record = new PatientRecord(request.prefetchedResources());
        List<CoverageDecision> decisions = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r != null)
                .map(order -> coverageService.decide(order, record))
                .toList();
        return responseWriter.write(decisions, request, configuration);
    }

    private static void requireText(JsonNode context, String field) {
        JsonNode value = context.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw CdsRequestException.badRequest("CDS-400-CONTEXT", "order-sign needs 'context.%s' (a string).".formatted(field));
        }
    }

}
