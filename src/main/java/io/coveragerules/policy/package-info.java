/**
 * Loads the policy content (cql/, fhir-resources/) at start-up, indexes trigger codes, evaluates CQL. Depends on no other module: it is the bottom of the house.
 */
@ApplicationModule(
        displayName = "Policy",
        allowedDependencies = {})
package io.coveragerules.policy;

import org.springframework.modulith.ApplicationModule;
