package io.coveragerules.fhirserver;

/**
 * Marks a plain HAPI provider of FHIR operations ({@code @Operation} methods, type- or server-level) for the FHIR
 * server to register; capabilities supply such beans without this package knowing them.
 */
public interface OperationProvider {}
