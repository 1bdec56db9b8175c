package io.coveragerules.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;

/**
 * Policy content loaded the way the server loads it at start-up (the steps of {@link PolicyContentConfiguration}, in
 * the order Spring runs them), without a Spring context: for tests below HTTP.
 */
public record LoadedPolicies(
        KnowledgeArtifacts artifacts, PolicyCatalog catalog, PolicyEvaluator evaluator, PolicyDocuments documents) {

    /** @param location a content location as {@code crd.content.location} takes it, e.g. {@code file:/path/} */
    public static LoadedPolicies from(String location) {
        return from(List.of(location));
    }

    /** Several content locations, served together. */
    public static LoadedPolicies from(List<String> locations) {
        FhirContext fhirContext = FhirContext.forR4Cached();
        PolicyContentConfiguration configuration = new PolicyContentConfiguration();
        ContentReader reader = configuration.contentReader(new ContentProperties(locations), fhirContext);
        LoadedContent loaded = configuration.loadedContent(reader);
        KnowledgeArtifacts artifacts = configuration.knowledgeArtifacts(loaded);
        PolicyCatalog catalog = configuration.policyCatalog(loaded, artifacts, fhirContext);
        PolicyEvaluator evaluator = configuration.policyEvaluator(artifacts, catalog, fhirContext);
        PolicyDocuments documents = configuration.policyDocuments(loaded, reader);
        return new LoadedPolicies(artifacts, catalog, evaluator, documents);
    }
}
