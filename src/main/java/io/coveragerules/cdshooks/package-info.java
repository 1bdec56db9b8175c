/**
 * The CDS Hooks edge (discovery, hook calls, feedback) speaking Da Vinci CRD. Asks coverage, never policy.
 */
@ApplicationModule(
        displayName = "CDS Hooks",
        allowedDependencies = {"coverage", "security", "database"})
package io.coveragerules.cdshooks;

import org.springframework.modulith.ApplicationModule;
