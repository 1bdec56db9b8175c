package io.coveragerules.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.dtr.QuestionnaireResponseStorageTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Clients writing to a server until told to stop: QuestionnaireResponse creates and order-sign calls, each counted as
 * attempted and, when answered 201 / 200, acknowledged (with the id or hookInstance to look for afterwards).
 */
final class WriteLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final AtomicLong responsesAttempted = new AtomicLong();
    final Queue<String> responsesAcknowledged = new ConcurrentLinkedQueue<>();
    final AtomicLong callsAttempted = new AtomicLong();
    final Queue<String> callsAcknowledged = new ConcurrentLinkedQueue<>();
    final Queue<Long> writeMillis = new ConcurrentLinkedQueue<>();
    final Queue<Integer> otherStatuses = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients;

    /** @param target where to send, by path (the server may change under the load) */
    WriteLoad(Function<String, URI> target, int responseClients, int callClients) {
        clients = Executors.newFixedThreadPool(responseClients + callClients);
        for (int i = 0; i < responseClients; i++) {
            clients.submit(() -> loop(() -> writeResponse(target)));
        }
        for (int i = 0; i < callClients; i++) {
            clients.submit(() -> loop(() -> callOrderSign(target)));
        }
    }

    /** Waits until at least so many writes of each kind were acknowledged, or {@code atMost} has passed. */
    void awaitAcknowledged(int responses, int calls, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline
                && (responsesAcknowledged.size() < responses || callsAcknowledged.size() < calls)) {
            Thread.sleep(100);
        }
    }

    private void loop(Attempt attempt) {
        while (running.get()) {
            try {
                attempt.run();
            } catch (Exception refused) {
                pause(); // server gone or restarting: not acknowledged
            }
        }
    }

    private void writeResponse(Function<String, URI> target) throws Exception {
        String body = QuestionnaireResponseStorageTest.response(
                        UUID.randomUUID().toString())
                .toString();
        responsesAttempted.incrementAndGet();
        long start = System.nanoTime();
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(target.apply("/fhir/QuestionnaireResponse"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        writeMillis.add((System.nanoTime() - start) / 1_000_000);
        if (created.statusCode() == 201) {
            responsesAcknowledged.add(JSON.readTree(created.body()).path("id").asText());
        } else {
            otherStatuses.add(created.statusCode());
        }
    }

    private void callOrderSign(Function<String, URI> target) throws Exception {
        String hookInstance = UUID.randomUUID().toString();
        ObjectNode request = orderSign().put("hookInstance", hookInstance);
        callsAttempted.incrementAndGet();
        HttpResponse<String> answered = HTTP.send(
                HttpRequest.newBuilder(target.apply("/cds-services/order-sign-crd"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answered.statusCode() == 200) {
            callsAcknowledged.add(hookInstance);
        } else {
            otherStatuses.add(answered.statusCode());
        }
    }

    static ObjectNode orderSign() throws Exception {
        try (InputStream in = WriteLoad.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** The acknowledged responses that {@code server} cannot read. */
    static List<String> missingResponses(ServerProcess server, Queue<String> ids) throws Exception {
        return ids.stream()
                .filter(id -> status(server, "/fhir/QuestionnaireResponse/" + id) != 200)
                .toList();
    }

    /** The acknowledged hook calls that have no audit record on {@code server}. */
    static List<String> missingAuditRecords(ServerProcess server, Queue<String> hookInstances) {
        return hookInstances.stream()
                .filter(h -> {
                    try {
                        HttpResponse<String> found = HTTP.send(
                                HttpRequest.newBuilder(server.uri("/fhir/AuditEvent?hook-instance=" + h))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        return JSON.readTree(found.body()).path("entry").size() != 1;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static int status(ServerProcess server, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
    }

    private interface Attempt {
        void run() throws Exception;
    }
}
