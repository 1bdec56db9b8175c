package io.coveragerules.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives a fixed number of calls at a given number of concurrent keep-alive clients (each its own HTTP client, so its
 * own connection) and reports throughput and latency percentiles.
 */
final class LoadLevels {

    /** What one level measured. */
    record Result(int clients, int requests, int errors, double perSecond, Histogram latency) {

        String line(String label, double bareRequestsPerSecond, long rssKb) {
            return "  %-11s %2d clients: %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  errors %d%s  RSS %d MB"
                    .formatted(
                            label,
                            clients,
                            perSecond,
                            ms(latency.getValueAtPercentile(50)),
                            ms(latency.getValueAtPercentile(99)),
                            ms(latency.getValueAtPercentile(99.9)),
                            errors,
                            bareRequestsPerSecond > 0
                                    ? "  %.0f %% of bare".formatted(100 * perSecond / bareRequestsPerSecond)
                                    : "",
                            rssKb / 1024);
        }
    }

    private LoadLevels() {}

    /** Sends {@code requests} calls, the bodies in turn, from {@code clients} threads; a call is good when 200. */
    static Result run(URI uri, List<String> bodies, int clients, int requests) throws Exception {
        ConcurrentHistogram latency =
                new ConcurrentHistogram(Duration.ofSeconds(10).toNanos(), 3);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size())))
                            .build();
                    long t = System.nanoTime();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latency.recordValue(Math.min(
                            System.nanoTime() - t, Duration.ofSeconds(10).toNanos()));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(clients, requests, errors.get(), requests / seconds, latency);
    }

    /** Resident set size of a process, in kB (Linux). */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
