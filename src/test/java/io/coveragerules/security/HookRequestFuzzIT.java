package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/**
 * 10,000 malformed and hostile hook calls, generated with jqwik from a valid order-sign call: members removed, values
 * replaced by other JSON types, huge, empty or control-character strings, deep nesting, duplicated members, truncated
 * or corrupted bytes. None may get a 5xx or hang, and the server must be healthy afterwards.
 */
class HookRequestFuzzIT extends ServerTest {

    private static final int CALLS = 10_000;
    private static final String[] SERVICES = {
        "order-sign-crd", "order-select-crd", "order-dispatch-crd", "appointment-book-crd"
    };

    @Test
    void tenThousandHostileHookCallsGetNo5xxAndTheServerStaysHealthy() throws Exception {
        JsonNode base;
        try (InputStream in = HookRequestFuzzIT.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            base = JSON.readTree(in);
        }
        List<String> paths = new ArrayList<>();
        collectPaths(base, "", paths);
        Arbitrary<String> bodies = Arbitraries.oneOf(
                mutatedTrees(base, paths), Arbitraries.strings().ofMaxLength(200), corrupted(base.toString()));

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<String> samples = bodies.sampleStream().limit(CALLS).toList();
        for (int c = 0; c < 4; c++) {
            int offset = c;
            clients.submit(() -> {
                HttpClient client = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                for (int i = offset; i < samples.size(); i += 4) {
                    String service = SERVICES[i % SERVICES.length];
                    try {
                        HttpResponse<String> response = client.send(
                                HttpRequest.newBuilder(uri("/cds-services/" + service))
                                        .timeout(Duration.ofSeconds(10))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(samples.get(i)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() >= 500 || !response.body().startsWith("{")) {
                            failures.add(response.statusCode() + " for " + abbreviate(samples.get(i)) + " -> "
                                    + abbreviate(response.body()));
                        }
                    } catch (Exception e) {
                        failures.add(e + " for " + abbreviate(samples.get(i)));
                    }
                    sent.incrementAndGet();
                }
                return null;
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).as("no hang").isTrue();

        assertThat(sent.get()).isEqualTo(CALLS);
        assertThat(failures)
                .as("calls answered with a 5xx, a non-JSON body or not at all")
                .isEmpty();
        assertThat(get("/actuator/health").body()).contains("\"UP\"");
    }

    /** The valid request with one member removed or replaced by a value of another (often hostile) kind. */
    private static Arbitrary<String> mutatedTrees(JsonNode base, List<String> paths) {
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.strings()
                        .ofMaxLength(50)
                        .map(s -> JSON.getNodeFactory().textNode(s)),
                Arbitraries.strings()
                        .withChars('\u0000', '\u001f', '\ud800', '\u202e', '"', '\\')
                        .ofMaxLength(20)
                        .map(s -> JSON.getNodeFactory().textNode(s)),
                Arbitraries.integers()
                        .between(1000, 200_000)
                        .map(n -> JSON.getNodeFactory().textNode("x".repeat(n))),
                Arbitraries.longs().map(n -> JSON.getNodeFactory().numberNode(n)),
                Arbitraries.doubles().map(n -> JSON.getNodeFactory().numberNode(n)),
                Arbitraries.of(true, false).map(b -> JSON.getNodeFactory().booleanNode(b)),
                Arbitraries.just(JSON.getNodeFactory().nullNode()),
                Arbitraries.just(JSON.createArrayNode()),
                Arbitraries.just(JSON.createObjectNode()),
                Arbitraries.integers().between(1, 60).map(HookRequestFuzzIT::nested),
                Arbitraries.of("Bundle", "ServiceRequest", "Patient", "OperationOutcome", "Nonsense")
                        .map(t -> JSON.createObjectNode().put("resourceType", t)));
        return Arbitraries.of(paths)
                .flatMap(path -> Arbitraries.oneOf(
                        Arbitraries.just(mutate(base, path, null)), values.map(v -> mutate(base, path, v))));
    }

    /** The valid request's text, truncated, with bytes replaced, or with a member duplicated. */
    private static Arbitrary<String> corrupted(String text) {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, text.length() - 1).map(n -> text.substring(0, n)),
                Arbitraries.integers()
                        .between(1, text.length() - 2)
                        .flatMap(n -> Arbitraries.chars().map(c -> text.substring(0, n) + c + text.substring(n + 1))),
                Arbitraries.just(text.replaceFirst("\"hook\"", "\"hook\": \"order-select\", \"hook\"")));
    }

    private static String mutate(JsonNode base, String path, JsonNode value) {
        JsonNode copy = base.deepCopy();
        int slash = path.lastIndexOf('/');
        JsonNode parent = copy.at(path.substring(0, slash));
        String member = path.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            if (value == null) {
                object.remove(member);
            } else {
                object.set(member, value);
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(member);
            if (value == null) {
                array.remove(index);
            } else {
                array.set(index, value);
            }
        }
        return copy.toString();
    }

    private static JsonNode nested(int depth) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode current = root;
        for (int i = 0; i < depth; i++) {
            current = current.putObject("a");
        }
        return root;
    }

    private static void collectPaths(JsonNode node, String path, List<String> paths) {
        if (!path.isEmpty()) {
            paths.add(path);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> collectPaths(node.get(name), path + "/" + name, paths));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectPaths(node.get(i), path + "/" + i, paths);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
