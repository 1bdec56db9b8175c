package io.coveragerules.cdshooks;

import static io.coveragerules.cdshooks.HookCalls.condition;
import static io.coveragerules.cdshooks.HookCalls.coverage;
import static io.coveragerules.cdshooks.HookCalls.order;
import static io.coveragerules.cdshooks.HookCalls.orderSign;
import static io.coveragerules.cdshooks.HookCalls.ourCoverage;
import static io.coveragerules.cdshooks.HookCalls.patient;
import static io.coveragerules.cdshooks.HookCalls.summaries;
import static io.coveragerules.cdshooks.HookCalls.withReason;
import static io.coveragerules.cdshooks.HookCalls.withoutPrefetch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Prefetch first, then fetch: what the prefetch leaves out is read from the EHR's FHIR server (a real one, on
 * loopback) with the hook call's access token, in parallel and under a deadline; a server off the allow-list is never
 * contacted.
 */
class PrefetchThenFetchTest extends WithTestEhr {

    private static final String ORDER_SIGN = "/cds-services/order-sign-crd";

    @Test
    void withNoPrefetchEverythingIsReadFromTheEhrWithTheBearerToken() throws Exception {
        ehr.with(patient(), ourCoverage(), condition("c-liver", "C22.0"));
        ObjectNode request = fromEhr(orderSign());
        request.remove("prefetch");

        JsonNode answer = answer(request);

        assertThat(coverage(answer)).containsExactly("ServiceRequest/ire-1=not-covered");
        assertThat(summaries(answer)).anyMatch(s -> s.contains("liver"));
        assertThat(ehr.requests()).hasSize(3).allMatch(r -> r.startsWith("GET /fhir/"));
        assertThat(ehr.authorizations()).containsOnly("Bearer SAMPLE_TOKEN");
    }

    @Test
    void withPartialPrefetchOnlyTheMissingKeyIsRead() throws Exception {
        ehr.with(patient(), ourCoverage(), condition("c-pancreas", "C25.0"));
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "conditions");

        JsonNode answer = answer(request);

        assertThat(summaries(answer)).anyMatch(s -> s.contains("pancreatic"));
        assertThat(ehr.requests()).containsExactly("GET /fhir/Condition?patient=pat-1");
    }

    @Test
    void withFullPrefetchTheEhrIsNeverContacted() throws Exception {
        JsonNode answer = answer(withReason(fromEhr(orderSign()), "C22.0"));

        assertThat(coverage(answer)).containsExactly("ServiceRequest/ire-1=not-covered");
        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    void anOrderNoPolicyConcernsCausesNoFetchAtAll() throws Exception {
        ObjectNode request = fromEhr(orderSign());
        request.remove("prefetch");
        order(request)
                .putObject("code")
                .putArray("coding")
                .addObject()
                .put("system", "http://www.ama-assn.org/go/cpt")
                .put("code", "47562");

        assertThat(answer(request).path("cards")).isEmpty();
        assertThat(ehr.requests()).as("CRD: query only what the decision needs").isEmpty();
    }

    @Test
    void aReasonReferenceConditionMissingFromPrefetchIsRead() throws Exception {
        ehr.with(condition("c-kidney", "C64.2"));
        ObjectNode request = fromEhr(orderSign());
        order(request).putArray("reasonReference").addObject().put("reference", "Condition/c-kidney");

        JsonNode answer = answer(request);

        assertThat(summaries(answer)).anyMatch(s -> s.contains("kidney"));
        assertThat(ehr.requests()).containsExactly("GET /fhir/Condition/c-kidney");
    }

    @Test
    void searchResultsArePagedThroughToTheEnd() throws Exception {
        ehr.with(
                condition("c1", "I10"),
                condition("c2", "E11.9"),
                condition("c3", "J45.909"),
                condition("c4", "K21.9"),
                condition("c5", "C34.90"));
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "conditions");

        JsonNode answer = answer(request);

        assertThat(summaries(answer)).as("the lung cancer is on the third page").anyMatch(s -> s.contains("lung"));
        assertThat(ehr.requests()).hasSize(3);
    }

    @Test
    void aPrefetchedSearchWithANextLinkIsFollowed() throws Exception {
        ehr.with(condition("c-lung", "C34.11"));
        ObjectNode request = fromEhr(orderSign());
        ((ObjectNode) request.at("/prefetch/conditions"))
                .putArray("link")
                .addObject()
                .put("relation", "next")
                .put("url", ehr.baseUrl() + "/Condition?patient=pat-1");

        assertThat(summaries(answer(request))).anyMatch(s -> s.contains("lung"));
    }

    @Test
    void aHangingEhrStillGetsAnAnswerWithinTheDeadline() throws Exception {
        ehr.mode(TestEhrServer.Mode.HANG);
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "conditions");

        long start = System.nanoTime();
        HttpResponse<String> response = postJson(ORDER_SIGN, request.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(millis).as("answer time, ms").isLessThan(2000);
        assertThat(summaries(json(response)))
                .as("the policy decides with what it has: no site known (row 10)")
                .anyMatch(s -> s.contains("no tumour site on record"));
    }

    @Test
    void aCoverageThatCannotBeReadAtAllIsA412() throws Exception {
        ehr.mode(TestEhrServer.Mode.FAIL);
        ObjectNode request = withoutPrefetch(fromEhr(orderSign()), "coverage", "conditions");
        order(request).remove("insurance");

        HttpResponse<String> response = postJson(ORDER_SIGN, request.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(412);
        assertThat(json(response).at("/issue/0/diagnostics").asText()).contains("HTTP 500");
    }

    @Test
    void aFhirServerOffTheAllowListIsRefusedAndNeverContacted() throws Exception {
        ObjectNode request = withoutPrefetch(orderSign(), "conditions");
        request.put("fhirServer", ehr.baseUrlOffTheAllowList());

        HttpResponse<String> response = postJson(ORDER_SIGN, request.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/issue/0/diagnostics").asText()).contains("crd.ehr.allowed-fhir-servers");
        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    void aNextLinkOffTheAllowListIsNotFollowed() throws Exception {
        ehr.with(condition("c-lung", "C34.11"));
        ObjectNode request = fromEhr(orderSign());
        ((ObjectNode) request.at("/prefetch/conditions"))
                .putArray("link")
                .addObject()
                .put("relation", "next")
                .put("url", ehr.baseUrlOffTheAllowList() + "/Condition?patient=pat-1");

        assertThat(summaries(answer(request))).noneMatch(s -> s.contains("lung"));
        assertThat(ehr.requests()).isEmpty();
    }

    @Test
    void aCoverageOfAnotherPayerIsA400() throws Exception {
        ObjectNode request = orderSign();
        ((ObjectNode) request.at("/prefetch/coverage/entry/0/resource/payor/0/identifier")).put("value", "9999999999");

        HttpResponse<String> response = postJson(ORDER_SIGN, request.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/issue/0/diagnostics").asText()).contains("another payer");
    }

    @Test
    void severalCoveragesAndAnOrderThatNamesNoneIsA400() throws Exception {
        ObjectNode request = orderSign();
        order(request).remove("insurance");
        var entries = (ArrayNode) request.at("/prefetch/coverage/entry");
        ObjectNode second = entries.get(0).deepCopy();
        // Another Coverage, by its own identity (a Bundle entry is known by its fullUrl; the same one twice is one).
        second.put("fullUrl", "https://ehr.example.org/fhir/Coverage/cov-2");
        ((ObjectNode) second.get("resource")).put("id", "cov-2");
        entries.add(second);

        HttpResponse<String> response = postJson(ORDER_SIGN, request.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/issue/0/diagnostics").asText()).contains("2 Coverages");
    }

    @Test
    void resendingAnOrderThatCarriesTheSameCoverageInformationMakesNoNewSystemAction() throws Exception {
        JsonNode first = answer(withReason(orderSign(), "C22.0"));
        ObjectNode resent = withReason(orderSign(), "C22.0");
        ((ObjectNode) resent.at("/context/draftOrders/entry/0")).set("resource", first.at("/systemActions/0/resource"));

        JsonNode second = answer(resent);

        assertThat(second.path("systemActions")).isEmpty();
        assertThat(summaries(second)).as("the cards still explain the policy").hasSize(2);
    }

    private ObjectNode fromEhr(ObjectNode request) {
        return request.put("fhirServer", ehr.baseUrl());
    }

    private JsonNode answer(ObjectNode request) throws Exception {
        HttpResponse<String> response = postJson(ORDER_SIGN, request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
