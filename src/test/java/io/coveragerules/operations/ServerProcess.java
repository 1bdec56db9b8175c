package io.coveragerules.operations;

import io.coveragerules.CoverageRulesServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as its own operating-system process (a child JVM on the test class path), so a test can do to it what a
 * supervisor or a crash does: SIGTERM, kill -9, start again on the same data directory.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server on a free port with the embedded database in {@code dataDirectory}, and waits until ready. */
    static ServerProcess start(Path dataDirectory, Path log, String... more) throws Exception {
        int port = freePort();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                classPath,
                CoverageRulesServer.class.getName(),
                "--server.port=" + port,
                "--management.server.port=0",
                "--crd.database.embedded.directory=" + dataDirectory,
                "--crd.warm-up.requests=0",
                "--cdshooks.security.enabled=false",
                "--fhir.security.enabled=false"));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ServerProcess server = new ServerProcess(process, port);
        server.awaitReady(Duration.ofSeconds(300)); // generous: a shared, loaded machine starts slowly
        return server;
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** kill -9: no shutdown hook, no drain. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a supervisor stops a process; waits for it to exit. */
    Duration terminate() throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not stop within 90 s of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }

    private void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    if (!health.body().startsWith("{\"status\":\"UP\"")) {
                        throw new AssertionError("readiness answered 200 before it was UP: " + health.body());
                    }
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("the server was not ready within " + within);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
