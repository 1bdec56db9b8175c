/**
 * The embedded PostgreSQL default (durable, restartable after a crash) and the health of whichever database is used.
 * Depends on no other module.
 */
@ApplicationModule(
        displayName = "Embedded database",
        allowedDependencies = {})
package io.coveragerules.database;

import org.springframework.modulith.ApplicationModule;
