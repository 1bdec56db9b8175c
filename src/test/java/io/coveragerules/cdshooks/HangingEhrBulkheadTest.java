package io.coveragerules.cdshooks;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static io.coveragerules.cdshooks.HookCalls.orderSign;
import static io.coveragerules.cdshooks.HookCalls.summaries;
import static io.coveragerules.cdshooks.HookCalls.withoutPrefetch;
import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A hanging EHR harms no one else: while 50 hook calls wait on an EHR that never answers, calls whose data comes from
 * a healthy EHR keep getting it (each EHR has its own bulkhead, and reads abandoned at the deadline give their
 * threads back). The latencies are printed, never asserted.
 */
class HangingEhrBulkheadTest extends ServerTest {

    private static final String ORDER_SIGN = "/cds-services/order-sign-crd";

    @Test
    void callsToAHealthyEhrKeepGettingTheirDataWhileFiftyCallsWaitOnAHangingOne() throws Exception {
        try (TestEhrServer hanging = new TestEhrServer();
                TestEhrServer healthy = new TestEhrServer()) {
            hanging.mode(TestEhrServer.Mode.HANG);
            healthy.with(condition("c-liver", "C22.0"));
            String toHanging = withoutPrefetch(orderSign(), "conditions")
                    .put("fhirServer", hanging.baseUrl())
                    .toString();
            String toHealthy = withoutPrefetch(orderSign(), "conditions")
                    .put("fhirServer", healthy.baseUrl())
                    .toString();
            List<Long> before = healthyCalls(toHealthy, 5);

            ExecutorService clients = Executors.newFixedThreadPool(50);
            List<Future<HttpResponse<String>>> burst = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    burst.add(clients.submit(() -> postJson(ORDER_SIGN, toHanging)));
                }
                long waitUntil = System.nanoTime() + 5_000_000_000L;
                while (hanging.requests().size() < 16 && System.nanoTime() < waitUntil) {
                    Thread.sleep(10);
                }
                List<Long> during = healthyCalls(toHealthy, 15);
                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpResponse<String>> call : burst) {
                    statuses.add(call.get().statusCode());
                }
                List<Long> after = healthyCalls(toHealthy, 5);

                assertThat(statuses)
                        .as("the calls to the hanging EHR are answered too")
                        .containsOnly(200);
                System.out.printf(
                        "hanging-EHR bulkhead: healthy-EHR call ms before %s, during the burst of 50 %s, after %s;"
                                + " reads that reached the hanging EHR: %d%n",
                        summary(before),
                        summary(during),
                        summary(after),
                        hanging.requests().size());
            } finally {
                clients.shutdownNow();
            }
        }
    }

    /** Sequential calls whose Conditions only the healthy EHR has: each decision must show it read them. */
    private List<Long> healthyCalls(String request, int count) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = postJson(ORDER_SIGN, request);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(summaries(json(response)))
                    .as("call %d got the healthy EHR's data: the liver cancer", i)
                    .anyMatch(s -> s.contains("liver"));
        }
        return millis;
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "p50 %d max %d (n=%d)"
                .formatted(sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
    }
}
