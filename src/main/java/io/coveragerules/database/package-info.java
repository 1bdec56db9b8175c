/**
 * The embedded PostgreSQL default. Depends on no other module.
 */
@ApplicationModule(
        displayName = "Embedded database",
        allowedDependencies = {})
package io.coveragerules.database;

import org.springframework.modulith.ApplicationModule;
