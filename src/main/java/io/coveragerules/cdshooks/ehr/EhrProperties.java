package io.coveragerules.cdshooks.ehr;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server reads from EHR FHIR servers when prefetch left something out.
 *
 * @param allowedFhirServers base URLs the server may contact, exact or ending in {@code *} (e.g.
 *                           {@code https://ehr.example.org/*}); any other {@code fhirServer} is never contacted.
 *                           Empty (the default): no EHR is ever contacted and requests must carry their prefetch
 * @param connectTimeout     per HTTP request
 * @param readTimeout        per HTTP request (socket inactivity)
 * @param deadline           for all EHR reads of one hook call together; what has not arrived by then is treated as
 *                           unavailable, so the answer never waits on a hanging EHR
 * @param maxPages           search result pages followed ({@code Bundle.link[next]}) per query
 * @param maxConcurrentReads reads in flight at once to one EHR FHIR server (its bulkhead), across all hook calls
 * @param maxQueuedReads     reads waiting for one EHR FHIR server beyond those; more are refused at once (the data is
 *                           then unavailable, and the answer says so)
 */
@ConfigurationProperties("crd.ehr")
record EhrProperties(
        List<String> allowedFhirServers,
        @DefaultValue("500ms") Duration connectTimeout,
        @DefaultValue("1200ms") Duration readTimeout,
        @DefaultValue("1500ms") Duration deadline,
        @DefaultValue("10") int maxPages,
        @DefaultValue("16") int maxConcurrentReads,
        @DefaultValue("32") int maxQueuedReads) {

    public EhrProperties {
        allowedFhirServers = allowedFhirServers == null ? List.of() : List.copyOf(allowedFhirServers);
        if (maxConcurrentReads < 1 || maxQueuedReads < 0) {
            throw new IllegalArgumentException(
                    "crd.ehr.max-concurrent-reads must be at least 1 and crd.ehr.max-queued-reads at least 0");
        }
    }
}
