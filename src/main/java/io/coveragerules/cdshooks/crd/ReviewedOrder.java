package io.coveragerules.cdshooks.crd;

import io.coveragerules.coverage.CoverageDecision;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A decided order, the resource its coverage information annotates (the order itself, or for appointment-book the
 * Appointment based on it) and the Coverage an assertion on it is about (null when none may be asserted).
 */
public record ReviewedOrder(Resource annotated, CoverageDecision decision, Reference coverage) {}
