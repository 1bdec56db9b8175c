package io.coveragerules.cdshooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CRD hook service.
 *
 * @param primary  CRD "primary" hooks (order-sign, order-dispatch, appointment-book) SHALL return coverage
 *                 information; on the others it SHALL NOT ask for clinical or administrative documentation
 * @param prefetch      key → CDS Hooks 2.0 query template for what the policies read about the patient; the server
 *                      runs the same queries itself for the keys a client did not satisfy
 * @param orderPrefetch key → template for the orders the hook's context only references (CRD 2.0.1 tokens such as
 *                      {@code {{context.dispatchedOrders.ServiceRequest.id}}}); offered in discovery only: an order
 *                      not prefetched is read by its reference
 */
record HookDefinition(
        String id,
        String hook,
        String title,
        String description,
        boolean primary,
        OrderSource orders,
        Map<String, String> prefetch,
        Map<String, String> orderPrefetch) {

    HookDefinition(
            String id,
            String hook,
            String title,
            String description,
            boolean primary,
            OrderSource orders,
            Map<String, String> prefetch) {
        this(id, hook, title, description, primary, orders, prefetch, Map.of());
    }

    /** What discovery offers: the patient's data, then the orders. */
    Map<String, String> discoveryPrefetch() {
        Map<String, String> all = new LinkedHashMap<>(prefetch);
        all.putAll(orderPrefetch);
        return all;
    }
}
