package io.coveragerules.cdshooks.ehr;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bulkhead per EHR FHIR server (by base URL): each gets its own few threads and a short bounded queue, so an EHR that
 * hangs can hold up only its own reads. When its threads are busy and its queue is full, a read is refused at once
 * ({@link RejectedExecutionException}) rather than waiting behind reads that will not come back; other EHRs' reads run
 * on their own threads meanwhile. Idle bulkheads keep no threads.
 */
final class EhrBulkheads implements AutoCloseable {

    private final int maxConcurrentReads;
    private final int maxQueuedReads;
    private final Map<String, ThreadPoolExecutor> byServer = new ConcurrentHashMap<>();

    EhrBulkheads(int maxConcurrentReads, int maxQueuedReads) {
        this.maxConcurrentReads = maxConcurrentReads;
        this.maxQueuedReads = maxQueuedReads;
    }

    /** Runs {@code read} on the bulkhead of the EHR at {@code baseUrl}; refused at once when that one is full. */
    <T> Future<T> submit(String baseUrl, Callable<T> read) {
        return byServer.computeIfAbsent(key(baseUrl), this::newBulkhead).submit(read);
    }

    /** Takes an abandoned read out of its queue, so that it no longer holds a place there. */
    void withdraw(String baseUrl, Future<?> read) {
        ThreadPoolExecutor bulkhead = byServer.get(key(baseUrl));
        if (bulkhead != null && read instanceof Runnable queued) {
            bulkhead.remove(queued);
        }
    }

    private ThreadPoolExecutor newBulkhead(String server) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                maxConcurrentReads,
                maxConcurrentReads,
                30,
                TimeUnit.SECONDS,
                maxQueuedReads == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxQueuedReads),
                runnable -> {
                    Thread thread = new Thread(runnable, "ehr-read");
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** One bulkhead per FHIR base: scheme and authority case-insensitive, the path as given, no trailing slash. */
    static String key(String baseUrl) {
        try {
            URI uri = URI.create(baseUrl);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                    + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path;
        } catch (RuntimeException e) {
            return baseUrl;
        }
    }

    @Override
    public void close() {
        byServer.values().forEach(ThreadPoolExecutor::shutdownNow);
    }
}
