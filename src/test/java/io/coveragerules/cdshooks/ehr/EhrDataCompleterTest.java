package io.coveragerules.cdshooks.ehr;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.cdshooks.HookRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prefetch then fetch below HTTP, against a real FHIR server on loopback allowed by its exact base URL: search pages
 * are followed under that base, reads that fail are told apart from data merely not offered, and a read abandoned at
 * the deadline gives its thread back at once.
 */
class EhrDataCompleterTest {

    private static final Map<String, String> CONDITIONS =
            Map.of("conditions", "Condition?patient={{context.patientId}}");

    private final TestEhrServer ehr = new TestEhrServer();
    private EhrClient client;

    EhrDataCompleterTest() throws Exception {}

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        ehr.close();
    }

    @Test
    void anEhrAllowedByItsExactBaseIsPagedThroughToTheEnd() {
        ehr.with(
                condition("c1", "I10"),
                condition("c2", "E11.9"),
                condition("c3", "J45.909"),
                condition("c4", "K21.9"),
                condition("c5", "C22.0"));
        EhrDataCompleter completer = completer(ehr.baseUrl(), Duration.ofSeconds(10), 16, 32);
        RequestData data = new RequestData();

        completer.complete(request(ehr.baseUrl()), data, CONDITIONS, List.of(), System.nanoTime());

        assertThat(data.ofType(Condition.class))
                .as("two a page: the liver cancer is on page 3 (%s)", data.failedReads())
                .extracting(Resource::getIdPart)
                .containsExactlyInAnyOrder("c1", "c2", "c3", "c4", "c5");
        assertThat(data.failedReads()).isEmpty();
        assertThat(ehr.requests()).hasSize(3);
    }

    @Test
    void aNextLinkToAnotherPathOnTheSameHostIsNotFollowedAndTheAnswerKnowsIt() {
        ehr.with(condition("c1", "C22.0"));
        EhrDataCompleter completer = completer(ehr.baseUrl(), Duration.ofSeconds(10), 16, 32);
        Bundle prefetched = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        prefetched.addLink().setRelation(Bundle.LINK_NEXT).setUrl(ehr.baseUrl() + "-other/Condition?patient=pat-1");
        HookRequest request = request(ehr.baseUrl(), Map.of("conditions", prefetched));

        RequestData data = new RequestData();
        completer.complete(request, data, CONDITIONS, List.of(), System.nanoTime());

        assertThat(ehr.requests()).isEmpty();
        assertThat(data.failedReads().get("conditions (next pages)")).contains("leaves the allowed FHIR servers");
    }

    @Test
    void aReadThatFailsIsAFailedReadNotMissingData() {
        ehr.mode(TestEhrServer.Mode.FAIL);
        EhrDataCompleter completer = completer(ehr.baseUrl(), Duration.ofSeconds(10), 16, 32);
        RequestData data = new RequestData();

        completer.complete(request(ehr.baseUrl()), data, CONDITIONS, List.of(), System.nanoTime());

        assertThat(data.failedReads()).containsEntry("conditions", "the EHR FHIR server answered HTTP 500");
    }

    @Test
    void dataNotOfferedWithNoFhirServerToAskIsNoFailedRead() {
        EhrDataCompleter completer = completer(ehr.baseUrl(), Duration.ofSeconds(10), 16, 32);
        RequestData data = new RequestData();

        completer.complete(request(null), data, CONDITIONS, List.of(), System.nanoTime());

        assertThat(data.whyUnavailable("conditions")).isPresent();
        assertThat(data.failedReads()).isEmpty();
    }

    @Test
    void aReadAbandonedAtTheDeadlineGivesItsThreadBackAtOnce() throws Exception {
        ehr.mode(TestEhrServer.Mode.HANG);
        // One thread, no queue, and a socket read timeout far beyond the deadline: only an aborted request frees the
        // thread in time for the next call.
        EhrDataCompleter completer = completer(ehr.baseUrl(), Duration.ofMillis(200), 1, 0);
        RequestData first = new RequestData();
        completer.complete(request(ehr.baseUrl()), first, CONDITIONS, List.of(), System.nanoTime());
        assertThat(first.failedReads().get("conditions")).contains("did not answer within 200 ms");
        Thread.sleep(100);

        RequestData second = new RequestData();
        completer.complete(request(ehr.baseUrl()), second, CONDITIONS, List.of(), System.nanoTime());

        assertThat(second.failedReads().get("conditions"))
                .as("the bulkhead's one thread is free again, so the read is tried (not refused)")
                .contains("did not answer within 200 ms");
        assertThat(ehr.requests()).hasSize(2);
    }

    @Test
    void aFullBulkheadRefusesAtOnce() {
        ehr.mode(TestEhrServer.Mode.HANG);
        EhrDataCompleter completer = completer(ehr.baseUrl(), Duration.ofMillis(300), 1, 0);
        RequestData data = new RequestData();

        completer.complete(
                request(ehr.baseUrl()),
                data,
                Map.of(
                        "conditions",
                        "Condition?patient={{context.patientId}}",
                        "patient",
                        "Patient/{{context.patientId}}"),
                List.of(),
                System.nanoTime());

        assertThat(data.failedReads().values())
                .anyMatch(why -> why.contains("bulkhead full"))
                .anyMatch(why -> why.contains("did not answer"));
    }

    private EhrDataCompleter completer(String allowed, Duration deadline, int maxConcurrent, int maxQueued) {
        EhrProperties properties = new EhrProperties(
                List.of(allowed),
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                deadline,
                10,
                maxConcurrent,
                maxQueued);
        FhirServerAllowList allowList = new FhirServerAllowList(properties);
        client = new EhrClient(properties, allowList);
        return new EhrDataCompleter(client, allowList, properties, new SimpleMeterRegistry());
    }

    private static HookRequest request(String fhirServer) {
        return request(fhirServer, Map.of());
    }

    private static HookRequest request(String fhirServer, Map<String, Resource> prefetch) {
        ObjectNode context = JsonNodeFactory.instance.objectNode().put("patientId", "pat-1");
        return new HookRequest(
                "order-sign", "hook-1", fhirServer, "SAMPLE_TOKEN", context, prefetch, Set.of(), Map.of());
    }
}
