package io.coveragerules.cdshooks;

import java.util.Map;

/**
 * One CRD hook service.
 *
 * @param primary  CRD "primary" hooks (order-sign, order-dispatch, appointment-book) SHALL return coverage
 *                 information; on the others it SHALL NOT ask for clinical or administrative documentation
 * @param prefetch key → CDS Hooks 2.0 query template
 */
record HookDefinition(
        String id,
        String hook,
        String title,
        String description,
        boolean primary,
        OrderSource orders,
        Map<String, String> prefetch) {}
