package io.coveragerules.benchmark;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static io.coveragerules.cdshooks.HookCalls.ourCoverage;
import static io.coveragerules.cdshooks.HookCalls.patient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import io.coveragerules.dtr.QuestionnairePackageTest;
import java.io.File;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The benchmark command ({@code mvn -Pbenchmark -DskipTests verify}): starts the server jar as its own process with
 * the embedded default, as an operator would, and measures it from a client over loopback:
 * start to ready (until /actuator/health says UP), the first order-sign after ready, and warm order-sign latency over
 * N sequential keep-alive requests (a liver IRE order, decided by CQL), once with full prefetch and once with no
 * prefetch, everything read from a local FHIR server (HAPI, on loopback). It prints figures; it asserts nothing.
 */
public final class OrderSignBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int port = freePort();
        String body = liverOrderSign();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Path log = Files.createTempFile("coverage-rules-benchmark", ".log");

        long start = System.nanoTime();
        TestEhrServer ehr = new TestEhrServer().with(patient(), ourCoverage(), condition("c-liver", "C22.0"));
        Process server = new ProcessBuilder(List.of(
                        javaBin(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--management.server.port=0",
                        "--crd.ehr.allowed-fhir-servers=" + ehr.baseUrl() + "*",
                        "--crd.benchmark.bare-endpoint=true",
                        "--cdshooks.security.enabled=false",
                        "--fhir.security.enabled=false"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            URI health = URI.create("http://localhost:" + port + "/actuator/health");
            while (!isUp(client, health)) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server exited; its log: " + log);
                }
                if (System.nanoTime() - start > Duration.ofSeconds(120).toNanos()) {
                    throw new IllegalStateException("the server was not ready within 120 s; its log: " + log);
                }
                Thread.sleep(20);
            }
            double readySeconds = (System.nanoTime() - start) / 1e9;

            HttpRequest call = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/cds-services/order-sign-crd"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long first = System.nanoTime();
            HttpResponse<String> firstResponse = client.send(call, HttpResponse.BodyHandlers.ofString());
            double firstMillis = (System.nanoTime() - first) / 1e6;
            if (firstResponse.statusCode() != 200 || !firstResponse.body().contains("not-covered")) {
                throw new IllegalStateException(
                        "unexpected answer: " + firstResponse.statusCode() + " " + firstResponse.body());
            }

            System.out.println();
            System.out.println("order-sign benchmark (" + jar.getFileName() + ", -Xmx512m, "
                    + Runtime.getRuntime().availableProcessors() + " cores)");
            System.out.printf("  start to ready:               %.2f s%n", readySeconds);
            System.out.printf("  first order-sign after ready: %.1f ms%n", firstMillis);
            measure("with full prefetch", client, call, requests);
            ObjectNode fetching = (ObjectNode) JSON.readTree(body);
            fetching.remove("prefetch");
            fetching.put("fhirServer", ehr.baseUrl());
            HttpRequest fetchCall = HttpRequest.newBuilder(call.uri())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(fetching.toString()))
                    .build();
            measure(
                    "with no prefetch: Patient, Coverage, Conditions read from a local FHIR server",
                    client,
                    fetchCall,
                    requests);
            HttpRequest packageCall = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/fhir/Questionnaire/$questionnaire-package"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(packageRequest()))
                    .build();
            measure(
                    "DTR $questionnaire-package (IRE order for a liver cancer; package with draft response pre-filled by CQL)",
                    client,
                    packageCall,
                    requests,
                    "PackageBundle");
            concurrentLevels(port, server.pid(), body, client, call);
            System.out.println();
        } finally {
            server.destroy();
            server.waitFor();
            ehr.close();
        }
        int synthetic = Integer.getInteger("benchmark.synthetic-policies", 1000);
        if (synthetic > 0) {
            contentScale(jar, body, requests, synthetic);
        }
    }

    /** The same warm order-sign with {@code synthetic} more policies loaded: the trigger index should make it free. */
    private static void contentScale(Path jar, String body, int requests, int synthetic) throws Exception {
        Path content = SyntheticPolicies.write(
                jar.resolveSibling("classes").resolve("content"),
                Files.createTempDirectory("coverage-rules-content"),
                synthetic);
        int port = freePort();
        Path log = Files.createTempFile("coverage-rules-benchmark-scale", ".log");
        long start = System.nanoTime();
        Process server = new ProcessBuilder(List.of(
                        javaBin(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--management.server.port=0",
                        "--crd.content.location=file:" + content,
                        "--crd.database.embedded.directory=" + content.resolve("postgres"),
                        "--cdshooks.security.enabled=false",
                        "--fhir.security.enabled=false"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            URI health = URI.create("http://localhost:" + port + "/actuator/health");
            while (!isUp(client, health)) {
                if (!server.isAlive()
                        || System.nanoTime() - start > Duration.ofSeconds(600).toNanos()) {
                    throw new IllegalStateException(
                            "the server with synthetic policies did not start; its log: " + log);
                }
                Thread.sleep(100);
            }
            System.out.printf(
                    "  with %d synthetic policies loaded beside the real one (start to ready %.1f s):%n",
                    synthetic, (System.nanoTime() - start) / 1e9);
            HttpRequest call = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/cds-services/order-sign-crd"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            measure("with full prefetch, " + (synthetic + 1) + " policies", client, call, requests);
            System.out.println();
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /**
     * order-sign at 1, 4 and 16 concurrent keep-alive clients, a mix of the policy's cases (liver, pancreas, prostate,
     * an unrelated order), against a bare endpoint in the same JVM answering a body of the same size.
     */
    private static void concurrentLevels(int port, long pid, String liver, HttpClient client, HttpRequest call)
            throws Exception {
        int perLevel = Integer.getInteger("benchmark.load-requests", 3000);
        List<String> mix = List.of(liver, withReason(liver, "C25.0"), withReason(liver, "C61"), unrelated(liver));
        int bytes =
                client.send(call, HttpResponse.BodyHandlers.ofString()).body().length();
        URI bare = URI.create("http://localhost:" + port + "/benchmark/bare?bytes=" + bytes);
        URI orderSign = call.uri();
        System.out.printf(
                "  concurrent keep-alive clients, %d calls a level (order-sign: liver, pancreas, prostate, unrelated in turn;"
                        + " bare: a %d-byte JSON answer from the same JVM)%n",
                perLevel, bytes);
        LoadLevels.run(orderSign, mix, 4, perLevel / 2); // warm the concurrent path
        LoadLevels.run(bare, mix, 4, perLevel / 2);
        for (int clients : new int[] {1, 4, 16}) {
            LoadLevels.Result bareResult = LoadLevels.run(bare, mix, clients, perLevel);
            LoadLevels.Result result = LoadLevels.run(orderSign, mix, clients, perLevel);
            long rss = LoadLevels.rssKb(pid);
            System.out.println(bareResult.line("bare", 0, rss));
            System.out.println(result.line("order-sign", bareResult.perSecond(), rss));
        }
    }

    private static String withReason(String request, String icd10) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(request);
        ((ObjectNode) node.at("/context/draftOrders/entry/0/resource/reasonCode/0/coding/0")).put("code", icd10);
        return node.toString();
    }

    private static String unrelated(String request) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(request);
        ((ObjectNode) node.at("/context/draftOrders/entry/0/resource/code/coding/0"))
                .put("code", "47562")
                .remove("display");
        return node.toString();
    }

    private static void measure(String label, HttpClient client, HttpRequest call, int requests) throws Exception {
        measure("order-sign " + label, client, call, requests, "not-covered");
    }

    /** Warms up, then sends {@code requests} calls one after another and prints the latency percentiles. */
    private static void measure(String label, HttpClient client, HttpRequest call, int requests, String expected)
            throws Exception {
        for (int i = 0; i < Math.min(requests, 500); i++) {
            client.send(call, HttpResponse.BodyHandlers.discarding()); // warm-up: JIT, connections
        }
        Histogram latency = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        int errors = 0;
        long runStart = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            HttpResponse<String> response = client.send(call, HttpResponse.BodyHandlers.ofString());
            latency.recordValue(System.nanoTime() - t);
            if (response.statusCode() != 200 || !response.body().contains(expected)) {
                errors++;
            }
        }
        double runSeconds = (System.nanoTime() - runStart) / 1e9;
        System.out.printf(
                "  warm %s%n    %d sequential requests (1 keep-alive client), %d errors, %.0f req/s: "
                        + "p50 %.2f ms   p99 %.2f ms   p99.9 %.2f ms   max %.2f ms%n",
                label,
                requests,
                errors,
                requests / runSeconds,
                ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)),
                ms(latency.getValueAtPercentile(99.9)),
                ms(latency.getMaxValue()));
    }

    /** Inferno's DTR example request with its order made an IRE order for a liver cancer. */
    private static String packageRequest() throws Exception {
        return QuestionnairePackageTest.ireRequest().toString();
    }

    /** The base order-sign call of the policy cases, for a liver cancer (CPT 0600T, ICD-10-CM C22.0). */
    private static String liverOrderSign() throws Exception {
        try (InputStream in = OrderSignBenchmark.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            ObjectNode request = (ObjectNode) JSON.readTree(in);
            ObjectNode order = (ObjectNode) request.at("/context/draftOrders/entry/0/resource");
            order.putArray("reasonCode")
                    .addObject()
                    .putArray("coding")
                    .addObject()
                    .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                    .put("code", "C22.0");
            return request.toString();
        }
    }

    private static boolean isUp(HttpClient client, URI health) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (Exception notYet) {
            return false;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
