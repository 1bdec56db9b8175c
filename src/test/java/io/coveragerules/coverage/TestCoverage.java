package io.coveragerules.coverage;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.policy.LoadedPolicies;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repository's policy content, loaded once per test JVM as the server loads it, behind a {@link CoverageService}:
 * decisions in milliseconds, without Spring or HTTP.
 */
final class TestCoverage {

    /** The repository's content ({@code cql/}, {@code fhir-resources/}; tests run from the project root). */
    static final String REPOSITORY = "file:" + Path.of("").toAbsolutePath() + "/";

    /** The test fixture policy 99.01.01 ({@code src/test/resources/test-content/README.md}). */
    static final String TEST_CONTENT =
            "file:" + Path.of("src/test/resources/test-content").toAbsolutePath() + "/";

    private static final Map<List<String>, CoverageService> SERVICES = new ConcurrentHashMap<>();

    private TestCoverage() {}

    /** Coverage over the repository's content. */
    static CoverageService service() {
        return service(REPOSITORY);
    }

    /** Coverage over these content locations together, as {@code crd.content.location} lists them. */
    static CoverageService service(String... locations) {
        return SERVICES.computeIfAbsent(List.of(locations), l -> {
            LoadedPolicies policies = LoadedPolicies.from(l);
            return new CoverageService(policies.catalog(), policies.evaluator(), FhirContext.forR4Cached());
        });
    }
}
