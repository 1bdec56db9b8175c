package io.coveragerules.dtr;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.coveragerules.policy.KnowledgeArtifacts;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Component;

/**
 * {@code ValueSet/$expand} (DTR: payers SHALL support it) for the ValueSets this server publishes, which are expanded
 * once at start-up: by canonical ({@code ?url=}, optionally {@code valueSetVersion}) or by id.
 */
@Component
public class ValueSetExpandOperation {

    private final KnowledgeArtifacts artifacts;

    public ValueSetExpandOperation(KnowledgeArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    @Operation(name = "$expand", type = ValueSet.class, idempotent = true)
    public ValueSet expandByUrl(
            @OperationParam(name = "url") UriType url, @OperationParam(name = "valueSetVersion") StringType version) {
        if (url == null || url.getValue() == null) {
            throw new InvalidRequestException(
                    "$expand needs the ValueSet's canonical 'url' (or call ValueSet/{id}/$expand)");
        }
        String canonical =
                url.getValue() + (version == null || version.getValue() == null ? "" : "|" + version.getValue());
        return artifacts
                .byCanonical(ValueSet.class, canonical)
                .map(ValueSet::copy)
                .orElseThrow(() -> new ResourceNotFoundException("ValueSet %s is not known here".formatted(canonical)));
    }

    @Operation(name = "$expand", type = ValueSet.class, idempotent = true)
    public ValueSet expandById(@IdParam IdType id) {
        return artifacts
                .byId(ValueSet.class, id.getIdPart())
                .map(ValueSet::copy)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }
}
