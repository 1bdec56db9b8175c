package io.coveragerules.benchmark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server jar started as an operator starts it (its own JVM, the embedded PostgreSQL in a fresh directory), and
 * what the benchmark reads of it from /proc: CPU seconds of the JVM plus its PostgreSQL processes, and the JVM's RSS.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    final int port;
    final double readySeconds;
    final Path log;
    private final Process process;
    private final Path database;

    private ServerProcess(int port, double readySeconds, Path log, Process process, Path database) {
        this.port = port;
        this.readySeconds = readySeconds;
        this.log = log;
        this.process = process;
        this.database = database;
    }

    /** Starts the jar with {@code jvmArgs} and {@code args}, and waits until /actuator/health says UP. */
    static ServerProcess start(Path jar, List<String> jvmArgs, List<String> args, Duration limit) throws Exception {
        int port = freePort();
        Path database = Files.createTempDirectory("coverage-rules-benchmark-db");
        Path log = Files.createTempFile("coverage-rules-benchmark", ".log");
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmArgs);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--crd.database.embedded.directory=" + database.resolve("postgres"),
                "--cdshooks.security.enabled=false",
                "--fhir.security.enabled=false"));
        // metrics live on a management port of their own (8081 by default): a free one here; empty
        // (-Dbenchmark.management-port=) for a jar that predates the management port, to measure an older build
        String managementPort = System.getProperty("benchmark.management-port", "0");
        if (!managementPort.isEmpty()) {
            command.add("--management.server.port=" + managementPort);
        }
        command.addAll(args);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        URI health = URI.create("http://localhost:" + port + "/actuator/health");
        while (!isUp(health)) {
            if (!process.isAlive() || System.nanoTime() - start > limit.toNanos()) {
                process.destroy();
                throw new IllegalStateException("the server did not become ready; its log: " + log);
            }
            Thread.sleep(20);
        }
        return new ServerProcess(port, (System.nanoTime() - start) / 1e9, log, process, database);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** CPU seconds (user + system) so far of the JVM and of the PostgreSQL processes serving its database. */
    double cpuSeconds() throws IOException {
        long ticks = ticks(process.pid());
        String marker = database.toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid != process.pid() && servesOurDatabase(proc, marker)) {
                    ticks += ticks(pid);
                }
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The JVM's resident set in MB. */
    long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** The postmaster names the data directory on its command line; its backends are its children. */
    private static boolean servesOurDatabase(Path proc, String marker) {
        try {
            String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
            if (cmdline.contains(marker)) {
                return true;
            }
            String stat = Files.readString(proc.resolve("stat"));
            long parent =
                    Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
            String parentCmd =
                    Files.readString(Path.of("/proc/" + parent + "/cmdline")).replace('\0', ' ');
            return parentCmd.contains(marker);
        } catch (IOException | RuntimeException gone) {
            return false; // a process that ended while we looked
        }
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static boolean isUp(URI health) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (Exception notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
