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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * itself order-sign calls for an order that triggers each loaded policy, over HTTP from as many threads as there are
 * cores, so the first EHR's call does not pay for class loading, JIT compilation and the first CQL evaluations: a few
 * thousand calls get the hot path compiled (80 left it interpreted for minutes under load), bounded by a time budget so
 * that start to ready stays short. Synthetic data only.
 */
@Component
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    /**
     * @param requests order-sign calls in all, spread over the policies' triggers (each trigger at least once);
     *                 0 switches the warm-up off
     * @param maxTime  the warm-up stops after this long even if not all calls were sent
     */
    @ConfigurationProperties("crd.warm-up")
    record Settings(
            @DefaultValue("3000") int requests,
            @DefaultValue("4s") Duration maxTime) {}

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
        int calls = bodies.isEmpty() ? 0 : Math.max(settings.requests(), bodies.size());
        long deadline = start + settings.maxTime().toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        // every trigger at least once, whatever the time budget says
                        if (i >= bodies.size() && System.nanoTime() > deadline) {
                            return;
                        }
                        sent.incrementAndGet();
                        if (!send(client, uri, bodies.get(i % bodies.size()))) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
        }
        try {
            pool.awaitTermination(settings.maxTime().toSeconds() + 60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info(
                "Warm-up: {} order-sign calls from {} threads in {} ms ({} not answered 200)",
                sent.get(),
                threads,
                (System.nanoTime() - start) / 1_000_000,
                failures.get());
    }

    private boolean send(HttpClient client, URI uri, String body) {
        try {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header(WarmUpToken.HEADER, warmUpToken.value())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
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
