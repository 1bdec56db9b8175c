package io.coveragerules.cdshooks.crd;

import io.coveragerules.coverage.CoverageDecision;
import org.hl7.fhir.r4.model.Resource;

/**
 * A decided order and the resource its coverage information annotates: the order itself, or (appointment-book) the
 * Appointment based on it.
 */
public record ReviewedOrder(Resource annotated, CoverageDecision decision) {}
