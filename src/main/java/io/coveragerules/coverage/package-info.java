/**
 * Decides orders: which policies concern an order, what data they need, and what they say about it, in this module's own types. The only door to policy for the CDS Hooks edge; no HTTP, no JSON.
 */
@ApplicationModule(
        displayName = "Coverage",
        allowedDependencies = {"policy"})
package io.coveragerules.coverage;

import org.springframework.modulith.ApplicationModule;
