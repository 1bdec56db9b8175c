package io.coveragerules.coverage;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.policy.LoadedPolicies;
import java.nio.file.Path;

/**
 * The repository's policy content, loaded once per test JVM as the server loads it, behind a {@link CoverageService}:
 * decisions in milliseconds, without Spring or HTTP.
 */
final class TestCoverage {

    private static CoverageService service;

    private TestCoverage() {}

    /** Coverage over the repository's content ({@code cql/}, {@code fhir-resources/}; tests run from the root). */
    static synchronized CoverageService service() {
        if (service == null) {
            LoadedPolicies policies = LoadedPolicies.from("file:" + Path.of("").toAbsolutePath() + "/");
            service = new CoverageService(policies.catalog(), policies.evaluator(), FhirContext.forR4Cached());
        }
        return service;
    }
}
