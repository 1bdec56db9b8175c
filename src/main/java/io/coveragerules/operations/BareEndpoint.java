package io.coveragerules.operations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's yardstick, off unless {@code crd.benchmark.bare-endpoint=true}: a Spring endpoint in the same JVM
 * that reads the request and answers a fixed JSON body of the requested size, so the benchmark can say how much of a
 * hook call's cost is the server's own work rather than HTTP and the machine.
 */
@RestController
@ConditionalOnProperty(name = "crd.benchmark.bare-endpoint", havingValue = "true")
class BareEndpoint {

    private final Map<Integer, String> bodies = new ConcurrentHashMap<>();

    @PostMapping(path = "/benchmark/bare", produces = MediaType.APPLICATION_JSON_VALUE)
    String bare(@RequestBody(required = false) String request, @RequestParam(defaultValue = "1000") int bytes) {
        return bodies.computeIfAbsent(
                Math.max(16, Math.min(bytes, 1_000_000)),
                size -> "{\"cards\":[],\"padding\":\"" + "x".repeat(size - 26) + "\"}");
    }
}
