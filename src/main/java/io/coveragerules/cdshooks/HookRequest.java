package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A CDS Hooks service call, checked and with its FHIR parts parsed.
 *
 * @param accessToken   {@code fhirAuthorization.access_token}, for reading the EHR; transient, never logged or kept
 * @param context       the hook context as sent; hook handlers read the fields their hook defines
 * @param prefetch      the prefetch keys the client satisfied with data, parsed
 * @param prefetchEmpty keys sent as {@code null}: the client looked and found nothing (CDS Hooks), so not re-fetched.
 *                      Keys sent as an OperationOutcome (the client could not get the data) are in neither set
 * @param configuration the CRD {@code davinci-crd.configuration} extension, or empty
 */
public record HookRequest(
        String hook,
        String hookInstance,
        String fhirServer,
        String accessToken,
        JsonNode context,
        Map<String, Resource> prefetch,
        Set<String> prefetchEmpty,
        Map<String, JsonNode> configuration) {

    /** Whether the client answered this prefetch key (with data, or with null for "nothing there"). */
    public boolean prefetchSatisfied(String key) {
        return prefetch.containsKey(key) || prefetchEmpty.contains(key);
    }

    /** Every resource the prefetch carries: read results and the entries of search Bundles. */
    public List<Resource> prefetchedResources() {
        return prefetch.values().stream()
                .flatMap(r -> r instanceof Bundle bundle
                        ? bundle.getEntry().stream()
                                .map(Bundle.BundleEntryComponent::getResource)
                                .filter(x -> x != null)
                        : Stream.of(r))
                .toList();
    }

    /** A text field of the context, or null. */
    public String contextText(String field) {
        JsonNode value = context.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
