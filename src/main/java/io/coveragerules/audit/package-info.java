/**
 * The audit trail: listens for answered hook calls and keeps them (a bounded buffer written in batches), purges them
 * after their retention, serves them as AuditEvents. Sees only the events it listens to.
 */
@ApplicationModule(
        displayName = "Audit",
        allowedDependencies = {"cdshooks :: events", "database"})
package io.coveragerules.audit;

import org.springframework.modulith.ApplicationModule;
