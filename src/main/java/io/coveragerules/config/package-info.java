/**
 * App-wide beans (FhirContext, Clock) and the HTTP message converters. Depends on no other module.
 */
@ApplicationModule(
        displayName = "Configuration",
        allowedDependencies = {})
package io.coveragerules.config;

import org.springframework.modulith.ApplicationModule;
