package io.coveragerules.cdshooks.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The JSON a resource of the request arrived as, kept on the parsed resource (HAPI user data) for the one request it
 * lives in: the coverage-information system action sends an order back as it came, with only that extension changed
 * (CRD), which a parse and re-encode cannot promise (decimal digits, element order, elements HAPI does not know).
 */
public final class ReceivedJson {

    private static final String KEY = ReceivedJson.class.getName();

    private ReceivedJson() {}

    /** Remembers {@code json} as the resource's received form; for a Bundle, each entry's resource too. */
    public static void remember(Resource resource, JsonNode json) {
        if (!(json instanceof ObjectNode object) || !matches(resource, object)) {
            return;
        }
        resource.setUserData(KEY, object);
        if (resource instanceof Bundle bundle) {
            JsonNode entries = object.path("entry");
            for (int i = 0; i < bundle.getEntry().size() && i < entries.size(); i++) {
                Resource entry = bundle.getEntry().get(i).getResource();
                if (entry != null) {
                    remember(entry, entries.path(i).get("resource"));
                }
            }
        }
    }

    /** The JSON the resource arrived as, if it came in the request (not read from the EHR). */
    public static Optional<ObjectNode> of(Resource resource) {
        return resource.getUserData(KEY) instanceof ObjectNode json ? Optional.of(json) : Optional.empty();
    }

    /** Only the very resource: same type and id, so a misaligned entry is never taken for another. */
    private static boolean matches(Resource resource, ObjectNode json) {
        String id = resource.getIdElement().getIdPart();
        return resource.fhirType().equals(json.path("resourceType").asText())
                && (id == null ? !json.has("id") : id.equals(json.path("id").asText()));
    }
}
