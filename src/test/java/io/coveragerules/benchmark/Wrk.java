package io.coveragerules.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs wrk (a native HTTP load generator over keep-alive connections, its own process, so the client's cost is not the
 * JVM's) against one request shape and reads its result line: requests, errors (socket errors and non-2xx/3xx
 * statuses), p50/p99/p99.9.
 */
final class Wrk {

    /** What one wrk run measured. */
    record Result(long requests, double seconds, long errors, double p50Ms, double p99Ms, double p999Ms) {

        double perSecond() {
            return requests / seconds;
        }
    }

    private final Path script;

    private Wrk(Path script) {
        this.script = script;
    }

    /** Fails with what to install when wrk is not on the PATH. */
    static Wrk find() throws IOException, InterruptedException {
        try {
            Process probe = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the benchmark drives the server with wrk, which is not installed: apt-get install wrk (Debian/Ubuntu)"
                            + " or brew install wrk",
                    e);
        }
        Path script = Files.createTempFile("coverage-rules-wrk", ".lua");
        try (InputStream in = Wrk.class.getResourceAsStream("/benchmark/wrk-post.lua")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Wrk(script);
    }

    /** {@code connections} keep-alive connections for {@code seconds}; a null body sends GETs. */
    Result run(String url, Path body, String contentType, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + Math.min(connections, 2),
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BODY_FILE", body == null ? "" : body.toString());
        builder.environment().put("CONTENT_TYPE", contentType);
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0 || !output.contains("RESULT ")) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        Map<String, Long> values = new HashMap<>();
        String line = output.substring(output.indexOf("RESULT ") + 7)
                .lines()
                .findFirst()
                .orElseThrow();
        for (String pair : line.trim().split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Result(
                values.get("requests"),
                values.get("duration_us") / 1e6,
                values.get("errors"),
                values.get("p50_us") / 1e3,
                values.get("p99_us") / 1e3,
                values.get("p999_us") / 1e3);
    }
}
