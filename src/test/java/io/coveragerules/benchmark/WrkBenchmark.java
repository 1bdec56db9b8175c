package io.coveragerules.benchmark;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static io.coveragerules.cdshooks.HookCalls.ourCoverage;
import static io.coveragerules.cdshooks.HookCalls.patient;

import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark command ({@code mvn -Pbenchmark -DskipTests verify}; needs wrk: {@code apt-get install wrk}). Starts
 * the server jar as its own process with the default settings and the embedded PostgreSQL, and drives it with wrk from
 * another process, each request shape on its own, at 1, 4 and 16 keep-alive connections: req/s, p50/p99/p99.9, errors,
 * CPU per call (JVM plus PostgreSQL, from /proc, over the run) and RSS, beside {@code GET /cds-services} at the same
 * connections in the same JVM. First the cost right after ready, then steady state after a warm-up under load; then
 * start to ready and order-sign with N synthetic policies loaded. It prints figures; it asserts nothing.
 */
public final class WrkBenchmark {

    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 15);
    private static final int WARM_SECONDS = Integer.getInteger("benchmark.warm-seconds", 60);
    private static final int[] CONNECTIONS = {1, 4, 16};
    private static final String HEADER = "  %-27s %5s %8s %8s %8s %8s %6s %9s %6s %7s %5s";
    private static final String ROW = "  %-27s %5d %8.0f %8.2f %8.2f %8.2f %6d %9.3f %6d %6.0f%% %5s";

    private WrkBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Wrk wrk = Wrk.find();
        List<String> jvmArgs = Arrays.stream(
                        System.getProperty("benchmark.jvm-args", "").trim().split("\\s+"))
                .filter(a -> !a.isEmpty())
                .toList();
        try (TestEhrServer ehr = new TestEhrServer().with(patient(), ourCoverage(), condition("c-liver", "C22.0"));
                ServerProcess server = ServerProcess.start(
                        jar,
                        jvmArgs,
                        List.of("--crd.ehr.allowed-fhir-servers=" + ehr.baseUrl() + "*"),
                        Duration.ofSeconds(300))) {
            List<RequestShapes.Shape> shapes = RequestShapes.all(ehr.baseUrl());
            for (RequestShapes.Shape shape : shapes) {
                check(server, shape);
            }
            System.out.printf(
                    "%nbenchmark: %s, JVM options %s, %d cores, wrk over loopback%n  start to ready: %.2f s%n",
                    jar.getFileName(),
                    jvmArgs.isEmpty() ? "(defaults)" : jvmArgs,
                    Runtime.getRuntime().availableProcessors(),
                    server.readySeconds);
            header("right after ready (" + SECONDS + " s each)");
            RequestShapes.Shape orderSign = shapes.get(0);
            Measured discoveryCold = measure(wrk, server, null, 16, SECONDS);
            row(server, orderSign, 16, measure(wrk, server, orderSign, 16, SECONDS), discoveryCold);

            for (RequestShapes.Shape shape : shapes) { // warm every path under load, as a server that has run a while
                wrk.run(server.url(shape.path()), shape.body(), shape.contentType(), 16, WARM_SECONDS / shapes.size());
            }
            header("steady state, after " + WARM_SECONDS + " s of load (" + SECONDS + " s each)");
            for (int connections : CONNECTIONS) {
                Measured discovery = measure(wrk, server, null, connections, SECONDS);
                row(server, null, connections, discovery, discovery);
                for (RequestShapes.Shape shape : shapes) {
                    row(server, shape, connections, measure(wrk, server, shape, connections, SECONDS), discovery);
                }
            }
        }
        int synthetic = Integer.getInteger("benchmark.synthetic-policies", 1000);
        if (synthetic > 0) {
            contentScale(jar, wrk, jvmArgs, synthetic);
        }
    }

    /** Start to ready and order-sign latency with {@code synthetic} more policies loaded beside the real one. */
    private static void contentScale(Path jar, Wrk wrk, List<String> jvmArgs, int synthetic) throws Exception {
        Path content = SyntheticPolicies.write(
                jar.resolveSibling("classes").resolve("content"),
                Files.createTempDirectory("coverage-rules-content"),
                synthetic);
        try (ServerProcess server = ServerProcess.start(
                jar, jvmArgs, List.of("--crd.content.location=file:" + content), Duration.ofSeconds(600))) {
            RequestShapes.Shape orderSign =
                    RequestShapes.all("http://unused.example").get(0);
            check(server, orderSign);
            System.out.printf(
                    "%n  with %d synthetic policies: start to ready %.2f s%n", synthetic, server.readySeconds);
            wrk.run(server.url(orderSign.path()), orderSign.body(), orderSign.contentType(), 16, WARM_SECONDS);
            header("order-sign with " + (synthetic + 1) + " policies (" + SECONDS + " s each)");
            for (int connections : CONNECTIONS) {
                Measured discovery = measure(wrk, server, null, connections, SECONDS);
                row(server, orderSign, connections, measure(wrk, server, orderSign, connections, SECONDS), discovery);
            }
        }
    }

    /** A wrk run and the CPU seconds the server (JVM and PostgreSQL) spent during it. */
    private record Measured(Wrk.Result wrk, double cpuSeconds) {

        double cpuMillisPerCall() {
            return 1000 * cpuSeconds / Math.max(1, wrk.requests());
        }
    }

    /** One wrk run of {@code shape} (null: GET /cds-services). */
    private static Measured measure(
            Wrk wrk, ServerProcess server, RequestShapes.Shape shape, int connections, int seconds) throws Exception {
        double cpuBefore = server.cpuSeconds();
        Wrk.Result result = shape == null
                ? wrk.run(server.url("/cds-services"), null, "application/json", connections, seconds)
                : wrk.run(server.url(shape.path()), shape.body(), shape.contentType(), connections, seconds);
        return new Measured(result, server.cpuSeconds() - cpuBefore);
    }

    private static void header(String title) {
        System.out.printf("%n  %s%n", title);
        System.out.println(HEADER.formatted(
                "shape",
                "conns",
                "req/s",
                "p50 ms",
                "p99 ms",
                "p99.9 ms",
                "errors",
                "CPU ms/call",
                "RSS MB",
                "vs GET",
                "load"));
    }

    private static void row(
            ServerProcess server, RequestShapes.Shape shape, int connections, Measured measured, Measured discovery)
            throws Exception {
        Wrk.Result result = measured.wrk();
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        System.out.println(ROW.formatted(
                shape == null ? "GET /cds-services" : shape.name(),
                connections,
                result.perSecond(),
                result.p50Ms(),
                result.p99Ms(),
                result.p999Ms(),
                result.errors(),
                measured.cpuMillisPerCall(),
                server.rssMb(),
                100 * result.perSecond() / discovery.wrk().perSecond(),
                load));
    }

    /** One call of the shape must be answered as expected before it is measured. */
    private static void check(ServerProcess server, RequestShapes.Shape shape) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url(shape.path())))
                                .header("Content-Type", shape.contentType())
                                .POST(HttpRequest.BodyPublishers.ofFile(shape.body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains(shape.expected())) {
            throw new IllegalStateException("%s: unexpected answer %d %s; server log: %s"
                    .formatted(shape.name(), response.statusCode(), response.body(), server.log));
        }
    }
}
