package io.coveragerules.fhirserver;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;

/**
 * Read and search of one type of published knowledge artefact (Library, ValueSet, PlanDefinition, Questionnaire),
 * served from what was loaded at start-up. Search supports the parameters a DTR or CQL client uses to resolve a
 * canonical: url, version, name, status.
 */
class KnowledgeArtifactProvider implements IResourceProvider {

    private final Class<? extends MetadataResource> type;
    private final KnowledgeArtifacts artifacts;

    KnowledgeArtifactProvider(Class<? extends MetadataResource> type, KnowledgeArtifacts artifacts) {
        this.type = type;
        this.artifacts = artifacts;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
        return artifacts
                .byId(type, id.getIdPart())
                .orElseThrow(() -> new ResourceNotFoundException(
                        "%s/%s is not known to this server".formatted(type.getSimpleName(), id.getIdPart())));
    }

    @Search
    public List<IBaseResource> search(
            @OptionalParam(name = "url") UriParam url,
            @OptionalParam(name = "version") TokenParam version,
            @OptionalParam(name = "name") StringParam name,
            @OptionalParam(name = "status") TokenParam status) {
        return artifacts.ofType(type).stream()
                .filter(r -> url == null || url.getValue().equals(r.getUrl()))
                .filter(r -> version == null || version.getValue().equals(r.getVersion()))
                .filter(r -> name == null || (r.getName() != null && matches(name, r.getName())))
                .filter(r -> status == null
                        || (r.getStatus() != null
                                && status.getValue().equals(r.getStatus().toCode())))
                .map(IBaseResource.class::cast)
                .toList();
    }

    private static boolean matches(StringParam param, String value) {
        // FHIR string search: case-insensitive "starts with" unless :exact.
        return param.isExact()
                ? value.equals(param.getValue())
                : value.toLowerCase().startsWith(param.getValue().toLowerCase());
    }
}
