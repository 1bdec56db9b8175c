package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDS client that prefetches as discovery asks, against its own FHIR server (a real one, on loopback), and then
 * calls without a {@code fhirServer}: the server gets the prefetch and nothing else. It fills CDS Hooks 2.0 tokens
 * ({@code {{context.patientId}}}) and CRD 2.0.1's {@code {{context.<field>.<Type>.id}}} (the ids of the resources
 * of that type the field references, comma-separated); a template it cannot fill is left out, as CDS Hooks asks.
 */
final class DiscoveryPrefetchingClient {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{context\\.(\\w+)(?:\\.(\\w+)\\.id)?}}");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ObjectMapper json;
    private final String ehrBase;

    DiscoveryPrefetchingClient(ObjectMapper json, String ehrBase) {
        this.json = json;
        this.ehrBase = ehrBase;
    }

    /** The request with its prefetch filled as the service's discovery entry asks, and no fhirServer. */
    ObjectNode prefetched(JsonNode service, ObjectNode request) throws Exception {
        ObjectNode prefetch = request.putObject("prefetch");
        for (Map.Entry<String, JsonNode> template : service.path("prefetch").properties()) {
            String query = fill(template.getValue().asText(), request.path("context"));
            if (query != null) {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(ehrBase + "/" + query))
                                .header("Accept", "application/fhir+json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                prefetch.set(
                        template.getKey(),
                        answer.statusCode() == 200 ? json.readTree(answer.body()) : NullNode.getInstance());
            }
        }
        request.remove("fhirServer");
        request.remove("fhirAuthorization");
        return request;
    }

    private static String fill(String template, JsonNode context) {
        Matcher matcher = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode field = context.get(matcher.group(1));
            String value;
            if (matcher.group(2) == null) {
                value = field != null && field.isTextual() ? field.asText() : null;
            } else {
                List<String> ids = new ArrayList<>();
                if (field != null && field.isArray()) {
                    field.forEach(ref -> {
                        String[] parts = ref.asText().split("/");
                        if (parts.length == 2 && parts[0].equals(matcher.group(2))) {
                            ids.add(parts[1]);
                        }
                    });
                }
                value = ids.isEmpty() ? null : String.join(",", ids);
            }
            if (value == null) {
                return null;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
