package io.coveragerules.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as its own process (started by pg_ctl), so a server killed with kill -9 leaves it
 * running, holding the data directory: the next start would fail with {@code lock file "postmaster.pid" already
 * exists}. Before starting, a PostgreSQL still running on our data directory is stopped: SIGTERM, a "smart" shutdown
 * that ends once the dead server's sessions are gone (a checkpoint, no recovery needed), then SIGKILL if it hangs.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    private static final Duration GRACE = Duration.ofSeconds(15);

    private StalePostmaster() {}

    /** Stops the postmaster that {@code dataDirectory/postmaster.pid} names, when it is still running. */
    static void stopIfRunning(Path dataDirectory) throws IOException {
        Optional<ProcessHandle> postmaster = running(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn(
                "A PostgreSQL (pid {}) left by an earlier run still holds {}; stopping it before starting ours",
                process.pid(),
                dataDirectory);
        process.destroy();
        if (!exited(process, GRACE)) {
            log.warn("PostgreSQL pid {} did not stop within {}; killing it", process.pid(), GRACE);
            process.destroyForcibly();
            exited(process, GRACE);
        }
    }

    static Optional<ProcessHandle> running(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // postmaster.pid: line 1 the pid, line 2 the data directory; only a live postgres on this directory is ours
        Path owned = Path.of(lines.get(1).trim());
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .filter(p -> sameDirectory(owned, dataDirectory));
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean exited(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
