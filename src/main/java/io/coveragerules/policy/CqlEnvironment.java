package io.coveragerules.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.repository.IRepository;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ValueSet;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;
import org.opencds.cqf.fhir.cql.Engines;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.engine.retrieve.FederatedDataProvider;
import org.opencds.cqf.fhir.cql.engine.retrieve.RepositoryRetrieveProvider;
import org.opencds.cqf.fhir.cql.engine.retrieve.RetrieveSettings;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * The CQL environment, built once at start-up and shared by every evaluation: the library manager (its model manager,
 * model infos and compiled libraries), the terminology provider over the content's expanded ValueSets, the FHIR model
 * resolver and the retrieve provider over the content. {@code Engines.forRepository} builds all of these anew on each
 * call (a new {@code ModelManager} scans the class path with a {@code ServiceLoader}, every cache starts empty); here a
 * call builds only what holds its own data: a retrieve provider over the call's Bundle and a {@link CqlEngine}, which
 * keeps per-evaluation state and must never be shared between threads.
 *
 * <p>The configuration is exactly what {@code Engines.forRepository(content, settings)} makes, taken from one engine it
 * builds at start-up, so the policies evaluate as they did when each call built its own.
 */
final class CqlEnvironment {

    private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

    private final FhirContext fhirContext;
    private final LibraryManager libraryManager;
    private final TerminologyProvider terminology;
    private final ModelResolver modelResolver;
    private final RetrieveProvider contentRetrieve;
    private final RetrieveSettings retrieveSettings;
    private final Set<CqlEngine.Options> engineOptions;

    CqlEnvironment(IRepository content, EvaluationSettings settings) {
        Environment built = Engines.forRepository(content, settings).getEnvironment();
        this.fhirContext = content.fhirContext();
        this.libraryManager = built.getLibraryManager();
        this.terminology = built.getTerminologyProvider();
        this.modelResolver = FhirModelResolverCache.resolverForVersion(
                fhirContext.getVersion().getVersion());
        this.retrieveSettings = settings.getRetrieveSettings();
        this.contentRetrieve = new RepositoryRetrieveProvider(content, terminology, retrieveSettings);
        this.engineOptions = settings.getCqlOptions().getCqlEngineOptions().getOptions();
    }

    /** The library manager the libraries are compiled into (its caches are the shared {@link EvaluationSettings}'). */
    LibraryManager libraryManager() {
        return libraryManager;
    }

    /**
     * Expands every ValueSet of the content into the shared cache now, at start-up, so that no evaluation pays for
     * (or races on) a first expansion.
     */
    void expandAll(List<ValueSet> valueSets) {
        for (ValueSet valueSet : valueSets) {
            if (valueSet.hasUrl()) {
                terminology.expand(new ValueSetInfo().withId(valueSet.getUrl()));
            }
        }
    }

    /** A new engine over the shared environment whose retrieves read {@code data} (and the content) only. */
    CqlEngine engineFor(Bundle data) {
        RetrieveProvider dataRetrieve = new RepositoryRetrieveProvider(
                new InMemoryFhirRepository(fhirContext, data), terminology, retrieveSettings);
        FederatedDataProvider provider =
                new FederatedDataProvider(modelResolver, List.of(contentRetrieve, dataRetrieve));
        return new CqlEngine(
                new Environment(libraryManager, Map.of(FHIR_MODEL_URI, provider), terminology), engineOptions);
    }
}
