package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * A policy test case: a data file under {@code src/test/resources/policy-cases/<policy>/}, found automatically. It
 * holds only what differs from {@code policy-cases/base-order-sign.json} (an order-sign call for one ServiceRequest
 * with Patient and Coverage prefetched) and what the answer must say:
 * <pre>
 * { "description": "...",
 *   "order":      { JSON merge patch (RFC 7386) on the base ServiceRequest },
 *   "moreOrders": [ further draft orders ],
 *   "conditions": [ Conditions for the 'conditions' prefetch ],
 *   "request":    { JSON merge patch on the whole request },
 *   "expected": {
 *     "coverage": { "ServiceRequest/ire-1": "not-covered" },      orders not named get no coverage information
 *     "cards": [ { "indicator": "warning", "summary": "text the summary contains", "links": [ "url ending" ] } ] } }
 * </pre>
 */
record PolicyCase(
        String name,
        String description,
        ObjectNode request,
        Map<String, String> expectedCoverage,
        List<ExpectedCard> expectedCards) {

    private static final ObjectMapper JSON = new ObjectMapper();

    record ExpectedCard(String indicator, String summary, List<String> links) {}

    @Override
    public String toString() {
        return name + ": " + description;
    }

    static List<PolicyCase> all() throws IOException {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        JsonNode base = read(resolver.getResource("classpath:policy-cases/base-order-sign.json"));
        List<PolicyCase> cases = new ArrayList<>();
        for (Resource file : resolver.getResources("classpath*:policy-cases/*/*.json")) {
            String folder = file.getURL().getPath().replaceAll(".*/policy-cases/([^/]+)/[^/]+$", "$1");
            cases.add(from(folder + "/" + file.getFilename(), read(file), base.deepCopy()));
        }
        cases.sort(Comparator.comparing(PolicyCase::name));
        return cases;
    }

    private static PolicyCase from(String name, JsonNode file, ObjectNode request) {
        ArrayNode entries = (ArrayNode) request.at("/context/draftOrders/entry");
        if (file.has("order")) {
            ((ObjectNode) entries.get(0))
                    .set("resource", mergePatch(entries.get(0).get("resource"), file.get("order")));
        }
        for (JsonNode order : file.path("moreOrders")) {
            entries.addObject()
                    .put(
                            "fullUrl",
                            order.get("resourceType").asText() + "/"
                                    + order.get("id").asText())
                    .set("resource", order);
        }
        ArrayNode conditions = (ArrayNode) request.at("/prefetch/conditions").withArray("entry");
        for (JsonNode condition : file.path("conditions")) {
            conditions.addObject().set("resource", condition);
        }
        ObjectNode merged = (ObjectNode) (file.has("request") ? mergePatch(request, file.get("request")) : request);
        Map<String, String> coverage = new LinkedHashMap<>();
        file.path("expected")
                .path("coverage")
                .fields()
                .forEachRemaining(f -> coverage.put(f.getKey(), f.getValue().asText()));
        List<ExpectedCard> cards = new ArrayList<>();
        for (JsonNode card : file.path("expected").path("cards")) {
            List<String> links = new ArrayList<>();
            card.path("links").forEach(l -> links.add(l.asText()));
            cards.add(new ExpectedCard(
                    card.path("indicator").asText(), card.path("summary").asText(), links));
        }
        return new PolicyCase(name, file.path("description").asText(), merged, coverage, cards);
    }

    /** RFC 7386: objects merge member by member, null removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result =
                target != null && target.isObject() ? (ObjectNode) target.deepCopy() : JSON.createObjectNode();
        patch.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        });
        return result;
    }

    private static JsonNode read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return JSON.readTree(in);
        }
    }
}
