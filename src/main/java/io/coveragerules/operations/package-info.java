/**
 * Warm-up before ready.
 */
@ApplicationModule(
        displayName = "Operations",
        allowedDependencies = {"coverage", "security"})
package io.coveragerules.operations;

import org.springframework.modulith.ApplicationModule;
