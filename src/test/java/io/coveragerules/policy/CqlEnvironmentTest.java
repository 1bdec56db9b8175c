package io.coveragerules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * The CQL environment is built once: every evaluation's engine shares its library manager (with the compiled
 * libraries), terminology provider and model resolver, and only the engine and the data it reads are new per call.
 */
class CqlEnvironmentTest {

    private static final String REPOSITORY = "file:" + Path.of("").toAbsolutePath() + "/";

    @Test
    void everyEngineSharesOneLibraryManagerAndTerminologyButHasItsOwnStateAndData() {
        CqlEnvironment environment = environment(EvaluationSettings.getDefault());

        CqlEngine first = environment.engineFor(bundleWith("p-1"));
        CqlEngine second = environment.engineFor(bundleWith("p-2"));

        assertThat(second).isNotSameAs(first);
        assertThat(second.getState()).isNotSameAs(first.getState());
        assertThat(second.getEnvironment().getLibraryManager())
                .isSameAs(first.getEnvironment().getLibraryManager())
                .isSameAs(environment.libraryManager());
        assertThat(second.getEnvironment().getTerminologyProvider())
                .isSameAs(first.getEnvironment().getTerminologyProvider());
        assertThat(second.getEnvironment().getDataProviders())
                .as("each engine reads its own call's data")
                .isNotEqualTo(first.getEnvironment().getDataProviders());
    }

    @Test
    void compiledLibrariesAndValueSetExpansionsAreReadyBeforeTheFirstEvaluation() {
        EvaluationSettings settings = EvaluationSettings.getDefault();
        CqlEnvironment environment = environment(settings);
        LoadedPolicies loaded = LoadedPolicies.from(REPOSITORY);

        LibraryCompiler.compileAll(
                environment, loaded.catalog().policies(), loaded.artifacts().ofType(Library.class));
        environment.expandAll(loaded.artifacts().ofType(ValueSet.class));

        assertThat(settings.getLibraryCache()).isNotEmpty();
        assertThat(settings.getValueSetCache().keySet())
                .containsAll(loaded.artifacts().ofType(ValueSet.class).stream()
                        .map(ValueSet::getUrl)
                        .toList());
    }

    private static CqlEnvironment environment(EvaluationSettings settings) {
        LoadedPolicies loaded = LoadedPolicies.from(REPOSITORY);
        InMemoryFhirRepository content = new InMemoryFhirRepository(FhirContext.forR4Cached());
        loaded.artifacts().all().forEach(artifact -> content.update(artifact, Map.of()));
        return new CqlEnvironment(content, settings);
    }

    private static Bundle bundleWith(String patientId) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(new Patient().setId(patientId));
        return bundle;
    }
}
