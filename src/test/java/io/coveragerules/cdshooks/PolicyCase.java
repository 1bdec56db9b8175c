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
 * A test case, a data file found automatically: the policy's cases under {@code policy-cases/<policy>/} (one per
 * decision-table row or code system) and the CRD mechanics under {@code crd-mechanics/} (configuration options,
 * several orders, where the Coverage comes from). A case holds only what differs from the generic order-sign call
 * {@code policy-cases/base-order-sign.json} (one draft ServiceRequest, Patient and Coverage prefetched), after its
 * folder's {@code _base.json} (same format, no expectations), and what the answer must say:
 * <pre>
 * { "description": "...",
 *   "order":      { JSON merge patch (RFC 7386) on the base ServiceRequest },
 *   "moreOrders": [ further draft orders ],
 *   "conditions": [ Conditions for the 'conditions' prefetch ],
 *   "request":    { JSON merge patch on the whole request },
 *   "expected": {
 *     "coverage": { "ServiceRequest/ire-1": { every field of the coverage-information extension but its date and
 *                   assertion id: "coverage", "covered", "pa-needed", "doc-needed", "reason" (text), "questionnaire"
 *                   (list), "policy-link" (the detail's URL ends so) } },  orders not named get no coverage information
 *     "cards": [ { "indicator": "warning", "summary": "text the summary contains", "links": [ "url ending" ] } ] } }
 * </pre>
 */
record PolicyCase(
        String name,
        String description,
        ObjectNode request,
        Map<String, JsonNode> expectedCoverage,
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
        for (String pattern : List.of("classpath*:policy-cases/*/*.json", "classpath*:crd-mechanics/*.json")) {
            for (Resource file : resolver.getResources(pattern)) {
                if (file.getFilename().startsWith("_")) {
                    continue;
                }
                String path = file.getURL().getPath();
                String folder = path.replaceAll(".*/([^/]+)/[^/]+$", "$1");
                Resource folderBase = file.createRelative("_base.json");
                ObjectNode request = folderBase.exists()
                        ? from("_base", read(folderBase), base.deepCopy()).request()
                        : base.deepCopy();
                cases.add(from(folder + "/" + file.getFilename(), read(file), request));
            }
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
        Map<String, JsonNode> coverage = new LinkedHashMap<>();
        file.path("expected").path("coverage").fields().forEachRemaining(f -> coverage.put(f.getKey(), f.getValue()));
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

    /** The answer's cards without the DTR app's launch card (the cases name the policy's own cards). */
    static List<JsonNode> policyCards(JsonNode answer) {
        List<JsonNode> cards = new ArrayList<>();
        answer.path("cards").forEach(c -> {
            if (!launchesDtrApp(c)) {
                cards.add(c);
            }
        });
        return cards;
    }

    static boolean launchesDtrApp(JsonNode card) {
        for (JsonNode link : card.path("links")) {
            if (link.path("type").asText().equals("smart")
                    && link.path("url").asText().endsWith("/dtr/launch.html")) {
                return true;
            }
        }
        return false;
    }
}
