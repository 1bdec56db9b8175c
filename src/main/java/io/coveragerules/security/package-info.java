/**
 * CDS client JWTs, FHIR access tokens, input limits. Depends on no other module.
 */
@ApplicationModule(
        displayName = "Security",
        allowedDependencies = {})
package io.coveragerules.security;

import org.springframework.modulith.ApplicationModule;
