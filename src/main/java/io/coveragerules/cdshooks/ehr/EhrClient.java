package io.coveragerules.cdshooks.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads from an EHR's FHIR server with HAPI's client: the hook call's access token as a Bearer token, connect and
 * read timeouts on every request, no redirects followed (a redirect could lead off the allow-list), and search pages
 * followed only while their links stay on the allow-list. Each read can be abandoned ({@link AbortableRead}) and runs
 * on its EHR's bulkhead ({@link EhrBulkheads}).
 */
@Component
class EhrClient {

    private final FhirContext fhirContext;
    private final FhirServerAllowList allowList;
    private final int maxPages;
    private final EhrBulkheads bulkheads;

    public EhrClient(EhrProperties properties, FhirServerAllowList allowList) {
        this.allowList = allowList;
        this.maxPages = properties.maxPages();
        this.bulkheads = new EhrBulkheads(properties.maxConcurrentReads(), properties.maxQueuedReads());
        // A context of its own: the client factory settings below must not leak into the app's shared context.
        this.fhirContext = FhirContext.forR4();
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhirContext);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(HttpClientBuilder.create()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(50)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout((int) properties.connectTimeout().toMillis())
                        .setConnectionRequestTimeout(
                                (int) properties.connectTimeout().toMillis())
                        .setSocketTimeout((int) properties.readTimeout().toMillis())
                        .build())
                .build());
        fhirContext.setRestfulClientFactory(factory);
        warmUp();
    }

    /**
     * HAPI builds its model of the resource types and its client proxies lazily, on first use; done here, at start-up,
     * the first hook call that reads from an EHR does not spend its deadline on it.
     */
    private void warmUp() {
        fhirContext.newRestfulGenericClient("http://localhost/warm-up");
        fhirContext.newJsonParser().parseResource(Bundle.class, """
                        {"resourceType": "Bundle", "type": "searchset", "entry": [
                          {"resource": {"resourceType": "Condition", "id": "c", "code": {"text": "x"}}},
                          {"resource": {"resourceType": "Patient", "id": "p"}},
                          {"resource": {"resourceType": "Coverage", "id": "c", "status": "active"}},
                          {"resource": {"resourceType": "ServiceRequest", "id": "s", "status": "active"}}]}
                        """);
    }

    /** The reads of each EHR run on that EHR's own bulkhead. */
    EhrBulkheads bulkheads() {
        return bulkheads;
    }

    /** {@code Type/id} read. */
    Resource read(String baseUrl, String accessToken, AbortableRead abortable, String type, String id) {
        return (Resource) client(baseUrl, accessToken, abortable)
                .read()
                .resource(type)
                .withId(id)
                .execute();
    }

    /** A search by relative URL, e.g. {@code Condition?patient=123}, with its pages followed. */
    List<Resource> search(String baseUrl, String accessToken, AbortableRead abortable, String relativeUrl) {
        IGenericClient client = client(baseUrl, accessToken, abortable);
        Bundle page =
                client.search().byUrl(relativeUrl).returnBundle(Bundle.class).execute();
        return withFollowingPages(client, page);
    }

    /** The entries of a Bundle and of the pages its {@code next} links lead to (each link checked first). */
    List<Resource> withFollowingPages(String baseUrl, String accessToken, AbortableRead abortable, Bundle first) {
        return withFollowingPages(client(baseUrl, accessToken, abortable), first);
    }

    private List<Resource> withFollowingPages(IGenericClient client, Bundle first) {
        List<Resource> resources = new ArrayList<>();
        Bundle page = first;
        for (int pages = 1; page != null; pages++) {
            page.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r != null)
                    .forEach(resources::add);
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            if (next == null || pages >= maxPages) {
                break;
            }
            if (!allowList.allows(next.getUrl())) {
                throw new EhrUnavailableException(
                        "the next-page link " + next.getUrl() + " leaves the allowed FHIR servers");
            }
            page = client.loadPage()
                    .byUrl(next.getUrl())
                    .andReturnBundle(Bundle.class)
                    .execute();
        }
        return resources;
    }

    private IGenericClient client(String baseUrl, String accessToken, AbortableRead abortable) {
        IGenericClient client = fhirContext.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(abortable);
        if (accessToken != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        }
        return client;
    }

    @PreDestroy
    void stop() {
        bulkheads.close();
    }
}
