/**
 * The embedded PostgreSQL default (durable, restartable after a crash), the health of whichever database is used, and
 * what every store shares: database failures as plain FHIR answers ({@link io.coveragerules.database.StorageFailures})
 * and retention purges on one replica at a time ({@link io.coveragerules.database.RetentionPurge}). Depends on no other
 * module.
 */
@ApplicationModule(
        displayName = "Embedded database",
        allowedDependencies = {})
package io.coveragerules.database;

import org.springframework.modulith.ApplicationModule;
