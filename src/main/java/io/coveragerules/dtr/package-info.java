/**
 * Da Vinci DTR: $questionnaire-package, $next-question, QuestionnaireResponses in PostgreSQL.
 */
@ApplicationModule(
        displayName = "DTR",
        allowedDependencies = {"policy", "conformance", "database"})
package io.coveragerules.dtr;

import org.springframework.modulith.ApplicationModule;
