package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.crd.CoverageLocator;
import io.coveragerules.cdshooks.crd.CrdConfigurationOptions;
import io.coveragerules.cdshooks.crd.CrdResponseWriter;
import io.coveragerules.cdshooks.ehr.EhrDataCompleter;
import io.coveragerules.coverage.CoverageService;
import io.coveragerules.coverage.DataNeed;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The six CRD hook services (CRD 2.0.1 "Supported Hooks"), one per CDS Hooks hook, all deciding from the same policy
 * content. Prefetch templates use CDS Hooks 2.0 root-level context tokens only; what a policy reads about the patient
 * (its Library's data requirements) is asked for by every service, Coverage always.
 */
@Configuration(proxyBeanMethods = false)
class CrdHooks {

    @Bean
    HookServiceParts hookServiceParts(
            HookRequestReader reader,
            EhrDataCompleter completer,
            CoverageService coverage,
            CoverageLocator coverageLocator,
            CrdConfigurationOptions options,
            CrdResponseWriter responseWriter,
            MeterRegistry meterRegistry) {
        return new HookServiceParts(
                reader, completer, coverage, coverageLocator, options, responseWriter, meterRegistry);
    }

    @Bean
    HookServices crdHookServices(HookServiceParts parts) {
        Map<String, String> patient = patientPrefetch(parts.coverage());
        Map<String, String> encounter = new LinkedHashMap<>(patient);
        encounter.put("encounter", "Encounter/{{context.encounterId}}");
        List<HookDefinition> definitions = List.of(
                new HookDefinition(
                        "order-sign-crd",
                        "order-sign",
                        "Coverage requirements for orders being signed",
                        "Tells whether the payer covers each draft order, annotating it with Da Vinci CRD coverage "
                                + "information, and explains the medical policy that applies, with its evidence.",
                        true,
                        OrderSource.draftOrders(),
                        patient),
                new HookDefinition(
                        "order-select-crd",
                        "order-select",
                        "Coverage requirements for selected orders",
                        "Early coverage guidance while orders are being chosen: the policy that applies to the selected "
                                + "orders, with coverage information (never a request for documentation).",
                        false,
                        OrderSource.selectedDraftOrders(),
                        patient),
                new HookDefinition(
                        "order-dispatch-crd",
                        "order-dispatch",
                        "Coverage requirements for dispatched orders",
                        "Coverage information for orders sent to a performer, read from prefetch or the EHR's FHIR server.",
                        true,
                        OrderSource.dispatchedOrders(),
                        patient,
                        dispatchedOrderPrefetch(parts.coverage())),
                new HookDefinition(
                        "appointment-book-crd",
                        "appointment-book",
                        "Coverage requirements for booked appointments",
                        "Coverage information for appointments, decided by their own codes or by the orders they are "
                                + "based on.",
                        true,
                        OrderSource.appointmentOrders(),
                        patient),
                new HookDefinition(
                        "encounter-start-crd",
                        "encounter-start",
                        "Coverage requirements at encounter start",
                        "Coverage guidance when an encounter starts; the loaded policies decide orders, so an encounter "
                                + "alone gets no cards from them.",
                        false,
                        OrderSource.none(),
                        encounter),
                new HookDefinition(
                        "encounter-discharge-crd",
                        "encounter-discharge",
                        "Coverage requirements at discharge",
                        "Coverage guidance at discharge; the loaded policies decide orders, so a discharge alone gets no "
                                + "cards from them.",
                        false,
                        OrderSource.none(),
                        encounter));
        return new HookServices(definitions.stream()
                .<HookService>map(d -> new CrdHookService(d, parts))
                .toList());
    }

    /**
     * order-dispatch names its orders by reference only: one template per order type the policies trigger on for it,
     * in the CRD 2.0.1 token form Inferno expects ({@code {{context.dispatchedOrders.ServiceRequest.id}}}: the ids of
     * the dispatched orders of that type), and {@code order} for the single {@code context.order} reference of
     * CRD 2.0.1's order-dispatch context.
     */
    private static Map<String, String> dispatchedOrderPrefetch(CoverageService coverage) {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("order", "{{context.order}}");
        for (String type : coverage.orderTypes("order-dispatch")) {
            templates.put(
                    Character.toLowerCase(type.charAt(0)) + type.substring(1) + "s",
                    type + "?_id={{context.dispatchedOrders." + type + ".id}}");
        }
        return templates;
    }

    /**
     * The patient, the Coverage, and what the policies read about the patient: an unfiltered need as a search by
     * patient, a filtered one with each filter as a token search on the element of the same name
     * ({@code Observation?patient={{context.patientId}}&code=http://loinc.org|62238-1,...}).
     */
    private static Map<String, String> patientPrefetch(CoverageService coverage) {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("patient", "Patient/{{context.patientId}}");
        templates.put(CoverageLocator.PREFETCH_KEY, "Coverage?patient={{context.patientId}}&status=active");
        for (DataNeed need : coverage.patientDataNeeds()) {
            if (!need.resourceType().equals("Patient") && !need.resourceType().equals("Coverage")) {
                StringBuilder query = new StringBuilder(need.resourceType()).append("?patient={{context.patientId}}");
                for (DataNeed.CodeFilter filter : need.codeFilters()) {
                    query.append('&')
                            .append(filter.path())
                            .append('=')
                            .append(String.join(",", new TreeSet<>(filter.codes())));
                }
                templates.put(need.key(), query.toString());
            }
        }
        return templates;
    }
}
