/**
 * Offline profile validation with the FHIR IG packages. Depends on no other module.
 */
@ApplicationModule(
        displayName = "Conformance",
        allowedDependencies = {})
package io.coveragerules.conformance;

import org.springframework.modulith.ApplicationModule;
