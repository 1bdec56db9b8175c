package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A CDS Hooks service call, checked and with its FHIR parts parsed.
 *
 * @param context       the hook context as sent; hook handlers read the fields their hook defines
 * @param prefetch      the prefetch keys the client satisfied, parsed; keys sent as {@code null} or as an
 *                      OperationOutcome (the client could not get the data) are absent
 * @param configuration the CRD {@code davinci-crd.configuration} extension, or empty
 */
public record HookRequest(String hook, String hookInstance, String fhirServer, JsonNode context,
                          Map<String, Resource> prefetch, Map<String, JsonNode> configuration) {

    public Optional<Resource> prefetched(String key) {
        return Optional.ofNullable(prefetch.get(key));
    }

    /** Every resource the prefetch carries: read results and the entries of search Bundles. */
    public List<Resource> prefetchedResources() {
        return prefetch.values().stream()
                .flatMap(r -> r instanceof Bundle bundle
                        ? bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(x -> x != null)
                        : java.util.stream.Stream.of(r))
                .toList();
    }
}
