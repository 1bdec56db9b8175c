package io.coveragerules.policy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ValueSet;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * Loads the content once, at start-up, in small steps: read the files, attach each Library's CQL, expand the
 * ValueSets, read the PlanDefinitions into policies, compile their CQL. Any bad file stops the start with a
 * {@link PolicyLoadException} that names it.
 */
@Configuration(proxyBeanMethods = false)
class PolicyContentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyContentConfiguration.class);

    @Bean
    ContentReader contentReader(ContentProperties properties, FhirContext fhirContext) {
        return new ContentReader(properties.location(), fhirContext);
    }

    @Bean
    LoadedContent loadedContent(ContentReader reader) {
        List<ContentFile> files = reader.readResources();
        Map<String, String> cql = reader.readCqlByLibraryName();
        for (ContentFile file : files) {
            if (file.resource() instanceof Library library) {
                String source = cql.containsKey(library.getName())
                        ? cql.get(library.getName())
                        : reader.translatorLibrary(library.getName(), library.getVersion());
                if (source != null) {
                    attachCql(library, source);
                }
            }
            if (file.resource() instanceof ValueSet valueSet) {
                ValueSetExpander.expand(valueSet, file.describe());
            }
        }
        return new LoadedContent(files);
    }

    @Bean
    KnowledgeArtifacts knowledgeArtifacts(LoadedContent content) {
        List<MetadataResource> artifacts = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ContentFile file : content.files()) {
            if (!(file.resource() instanceof MetadataResource artifact)) {
                throw new PolicyLoadException(
                        ("POL-001 %s: only knowledge artefacts (Library, ValueSet, PlanDefinition, "
                                        + "Questionnaire, ...) belong in fhir-resources")
                                .formatted(file.describe()));
            }
            String key = artifact.fhirType() + "/" + artifact.getIdElement().getIdPart();
            String previous = seen.put(key, file.describe());
            if (previous != null) {
                throw new PolicyLoadException(
                        "POL-001 %s and %s both define %s".formatted(previous, file.describe(), key));
            }
            artifacts.add(artifact);
        }
        return new KnowledgeArtifacts(artifacts);
    }

    @Bean
    PolicyCatalog policyCatalog(LoadedContent content, KnowledgeArtifacts artifacts, FhirContext fhirContext) {
        CodeFilterReader codeFilters = new CodeFilterReader(artifacts);
        List<Policy> policies = content.files().stream()
                .filter(f -> f.resource() instanceof PlanDefinition)
                .map(f -> PlanDefinitionReader.read(f, artifacts, codeFilters))
                .toList();
        policies.forEach(p -> log.info(
                "Loaded policy {} '{}' (version {}, library {}|{}, {} outcomes)",
                p.number(),
                p.title(),
                p.version(),
                p.libraryName(),
                p.libraryVersion(),
                p.actions().size()));
        return new PolicyCatalog(policies, fhirContext);
    }

    @Bean
    PolicyEvaluator policyEvaluator(KnowledgeArtifacts artifacts, PolicyCatalog catalog, FhirContext fhirContext) {
        InMemoryFhirRepository repository = new InMemoryFhirRepository(fhirContext);
        artifacts.all().forEach(artifact -> repository.update(artifact, Map.of()));
        CqlEnvironment environment = new CqlEnvironment(repository, EvaluationSettings.getDefault());
        LibraryCompiler.compileAll(environment, catalog.policies(), artifacts.ofType(Library.class));
        environment.expandAll(artifacts.ofType(ValueSet.class));
        return new PolicyEvaluator(environment);
    }

    @Bean
    PolicyDocuments policyDocuments(LoadedContent content, ContentReader reader) {
        Map<String, PolicyDocuments.Document> documents = new HashMap<>();
        for (ContentFile file : content.files()) {
            if (file.resource() instanceof PlanDefinition plan) {
                for (RelatedArtifact artifact : plan.getRelatedArtifact()) {
                    if (artifact.getType() == RelatedArtifact.RelatedArtifactType.DOCUMENTATION
                            && artifact.hasDocument()) {
                        Attachment document = artifact.getDocument();
                        documents.put(
                                plan.getIdentifierFirstRep().getValue(),
                                new PolicyDocuments.Document(
                                        read(reader.document(file.policyFolder(), document.getUrl())),
                                        document.getContentType()));
                    }
                }
            }
        }
        return new PolicyDocuments(documents);
    }

    private static void attachCql(Library library, String cql) {
        library.getContent().removeIf(c -> "text/cql".equals(c.getContentType()));
        library.addContent().setContentType("text/cql").setData(cql.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PolicyLoadException("POL-006 cannot read " + resource.getDescription(), e);
        }
    }
}
