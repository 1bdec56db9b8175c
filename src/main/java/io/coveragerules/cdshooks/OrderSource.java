package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Where a hook's context puts the orders under review (per the CDS Hooks hook definitions), and which resource the
 * coverage information annotates.
 */
@FunctionalInterface
interface OrderSource {

    /**
     * One order to decide.
     *
     * @param annotated      the resource the coverage-information goes on (null: the order itself, once resolved)
     * @param order          the order, when the context carries it
     * @param orderReference a reference to the order to resolve from prefetch or the EHR, when the context does not
     */
    record Item(Resource annotated, Resource order, String orderReference) {}

    /** The context's own FHIR resources (known data) and the items to decide. */
    record ContextOrders(List<Resource> contextResources, List<Item> items) {}

    ContextOrders read(HookRequest request, HookRequestReader reader);

    /** order-sign: every draft order. */
    static OrderSource draftOrders() {
        return (request, reader) -> {
            List<Resource> orders = bundleResources(request, reader, "draftOrders");
            return new ContextOrders(
                    orders, orders.stream().map(o -> new Item(o, o, null)).toList());
        };
    }

    /** order-select: the draft orders named in {@code selections} (CRD: requirements only for those). */
    static OrderSource selectedDraftOrders() {
        return (request, reader) -> {
            List<Resource> orders = bundleResources(request, reader, "draftOrders");
            JsonNode selections = request.context().get("selections");
            if (selections == null || !selections.isArray()) {
                throw CdsRequestException.badRequest(
                        "CDS-400-CONTEXT",
                        "order-select needs 'context.selections', an array of references into draftOrders.");
            }
            Set<String> selected = new HashSet<>();
            selections.forEach(s -> selected.add(s.asText()));
            return new ContextOrders(
                    orders,
                    orders.stream()
                            .filter(o -> selected.contains(
                                    o.fhirType() + "/" + o.getIdElement().getIdPart()))
                            .map(o -> new Item(o, o, null))
                            .toList());
        };
    }

    /**
     * order-dispatch: {@code dispatchedOrders} (CDS Hooks order-dispatch, an array of references), or {@code order}
     * (the single reference of the CRD 2.0.1 era that Inferno's examples still send).
     */
    static OrderSource dispatchedOrders() {
        return (request, reader) -> {
            List<String> references = new ArrayList<>();
            JsonNode dispatched = request.context().get("dispatchedOrders");
            if (dispatched != null && dispatched.isArray()) {
                dispatched.forEach(r -> references.add(r.asText()));
            } else if (request.contextText("order") != null) {
                references.add(request.contextText("order"));
            } else {
                throw CdsRequestException.badRequest(
                        "CDS-400-CONTEXT",
                        "order-dispatch needs 'context.dispatchedOrders', an array of order references.");
            }
            return new ContextOrders(
                    List.of(),
                    references.stream().map(r -> new Item(null, null, r)).toList());
        };
    }

    /**
     * appointment-book: each appointment is decided by its own codes when a policy's appointment-book triggers name
     * them, otherwise by the orders it is based on; the coverage information goes on the Appointment, where CRD 2.0.1
     * (and Inferno) look for it.
     */
    static OrderSource appointmentOrders() {
        return (request, reader) -> {
            List<Resource> appointments = bundleResources(request, reader, "appointments");
            List<Item> items = new ArrayList<>();
            for (Resource resource : appointments) {
                if (resource instanceof Appointment appointment) {
                    items.add(new Item(appointment, appointment, null));
                    for (Reference basedOn : appointment.getBasedOn()) {
                        if (basedOn.hasReference()) {
                            items.add(new Item(appointment, null, basedOn.getReference()));
                        }
                    }
                }
            }
            return new ContextOrders(appointments, items);
        };
    }

    /** encounter-start, encounter-discharge: no order to decide. */
    static OrderSource none() {
        return (request, reader) -> new ContextOrders(List.of(), List.of());
    }

    private static List<Resource> bundleResources(HookRequest request, HookRequestReader reader, String field) {
        JsonNode node = request.context().get(field);
        if (node == null || node.isNull()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-CONTEXT", "%s needs 'context.%s', a FHIR Bundle.".formatted(request.hook(), field));
        }
        Bundle bundle = reader.parse(node, Bundle.class, "context." + field);
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r != null)
                .collect(Collectors.toList());
    }
}
