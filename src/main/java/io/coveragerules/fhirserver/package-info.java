/**
 * HAPI RestfulServer at /fhir over the loaded knowledge artefacts; other modules' providers are found by HAPI's own types and annotations, never imported.
 */
@ApplicationModule(
        displayName = "FHIR server",
        allowedDependencies = {"policy"})
package io.coveragerules.fhirserver;

import org.springframework.modulith.ApplicationModule;
