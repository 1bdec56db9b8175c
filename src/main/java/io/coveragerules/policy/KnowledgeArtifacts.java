package io.coveragerules.policy;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.MetadataResource;

/**
 * The published knowledge artefacts (Library, ValueSet, PlanDefinition, Questionnaire, ...) exactly as the server
 * loaded them: Libraries carry their CQL, ValueSets their expansion. Read-only after start-up.
 */
public final class KnowledgeArtifacts {

    private final List<MetadataResource> artifacts;

    KnowledgeArtifacts(List<MetadataResource> artifacts) {
        this.artifacts = List.copyOf(artifacts);
    }

    public <T extends MetadataResource> List<T> ofType(Class<T> type) {
        return artifacts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends MetadataResource> Optional<T> byId(Class<T> type, String id) {
        return ofType(type).stream()
                .filter(r -> r.getIdElement().getIdPart().equals(id))
                .findFirst();
    }

    /** A canonical reference, {@code url} or {@code url|version}. */
    public <T extends MetadataResource> Optional<T> byCanonical(Class<T> type, String canonical) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        String version = canonical.contains("|") ? canonical.substring(canonical.indexOf('|') + 1) : null;
        return ofType(type).stream()
                .filter(r -> url.equals(r.getUrl()) && (version == null || version.equals(r.getVersion())))
                .findFirst();
    }

    List<MetadataResource> all() {
        return artifacts;
    }
}
