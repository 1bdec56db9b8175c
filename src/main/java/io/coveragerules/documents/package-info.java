/**
 * Serves each policy's full text.
 */
@ApplicationModule(
        displayName = "Documents",
        allowedDependencies = {"policy"})
package io.coveragerules.documents;

import org.springframework.modulith.ApplicationModule;
