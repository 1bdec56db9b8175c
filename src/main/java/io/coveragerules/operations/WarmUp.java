package io.coveragerules.operations;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.coverage.CoverageService;
import io.coveragerules.security.WarmUpToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Before the server reports ready (runners finish before Spring Boot's readiness turns to accepting traffic), it sends
 * itself order-sign calls for an order that triggers each loaded policy, so the first EHR's call does not pay for
 * class loading, JIT compilation and the first CQL evaluations. Synthetic data only; nothing is kept.
 */
@Component
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    /**
     * @param requests order-sign calls in all, spread over the policies' triggers (each trigger at least once);
     *                 0 switches the warm-up off
     */
    @ConfigurationProperties("crd.warm-up")
    record Settings(@DefaultValue("80") int requests) {}

    private final CoverageService coverage;
    private final FhirContext fhirContext;
    private final WebServerApplicationContext context;
    private final Settings settings;
    private final WarmUpToken warmUpToken;

    WarmUp(
            CoverageService coverage,
            FhirContext fhirContext,
            WebServerApplicationContext context,
            Settings settings,
            WarmUpToken warmUpToken) {
        this.warmUpToken = warmUpToken;
        this.coverage = coverage;
        this.fhirContext = fhirContext;
        this.context = context;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.requests() <= 0) {
            return;
        }
        long start = System.nanoTime();
        List<String> bodies = coverage.sampleOrders("warm-up", "warm-up").stream()
                .map(this::request)
                .toList();
        URI uri = URI.create("http://localhost:" + context.getWebServer().getPort() + "/cds-services/order-sign-crd");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int failures = 0;
        int calls = bodies.isEmpty() ? 0 : Math.max(settings.requests(), bodies.size());
        for (int i = 0; i < calls; i++) {
            String body = bodies.get(i % bodies.size());
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header(WarmUpToken.HEADER, warmUpToken.value())
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                failures += response.statusCode() == 200 ? 0 : 1;
            } catch (Exception e) {
                failures++;
            }
        }
        log.info(
                "Warm-up: {} order-sign calls in {} ms ({} not answered 200)",
                calls,
                (System.nanoTime() - start) / 1_000_000,
                failures);
    }

    /** An order-sign call for one sample order, with its Coverage prefetched. */
    private String request(Resource order) {
        Bundle orders = new Bundle().setType(Bundle.BundleType.COLLECTION);
        orders.addEntry()
                .setFullUrl(order.fhirType() + "/" + order.getIdElement().getIdPart())
                .setResource(order);
        Coverage coverage = new Coverage();
        coverage.setId("warm-up");
        Bundle coverages = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        coverages.addEntry().setResource(coverage);
        var parser = fhirContext.newJsonParser();
        return """
                {"hook": "order-sign", "hookInstance": "%s",
                 "context": {"userId": "Practitioner/warm-up", "patientId": "warm-up", "draftOrders": %s},
                 "prefetch": {"coverage": %s, "conditions": null, "patient": null}}""".formatted(
                UUID.randomUUID(), parser.encodeResourceToString(orders), parser.encodeResourceToString(coverages));
    }
}
