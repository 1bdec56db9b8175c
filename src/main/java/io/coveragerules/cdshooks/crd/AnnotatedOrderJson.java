package io.coveragerules.cdshooks.crd;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The JSON of an annotated order for the system action. CRD: the system action "SHALL NOT change any element other
 * than coverage-information extensions", so an order that came in the request goes back as it came (every member,
 * number and string as received) with only its coverage-information extensions for the same Coverage replaced by the
 * new one. An order read from the EHR (parsed by HAPI on the way in) is written by HAPI.
 */
@Component
class AnnotatedOrderJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final FhirContext fhirContext;

    AnnotatedOrderJson(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    String write(ReviewedOrder reviewed, CoverageInformation.AnnotatedOrder annotated) {
        String encoded = fhirContext.newJsonParser().encodeResourceToString(annotated.order());
        Optional<ObjectNode> received = ReceivedJson.of(reviewed.annotated());
        if (received.isEmpty()) {
            return encoded;
        }
        try {
            JsonNode written = JSON.readTree(encoded);
            JsonNode added = null;
            for (JsonNode extension : written.path("extension")) {
                if (annotated
                        .coverageAssertionId()
                        .equals(subValue(extension, "coverage-assertion-id", "valueString"))) {
                    added = extension;
                }
            }
            if (added == null) {
                return encoded;
            }
            ObjectNode order = received.get().deepCopy();
            ArrayNode extensions = JSON.createArrayNode();
            String coverage = reviewed.coverage().getReference();
            for (JsonNode extension : order.path("extension")) {
                boolean replaced = CoverageInformation.EXTENSION_URL.equals(
                                extension.path("url").asText())
                        && coverage.equals(subReference(extension, "coverage"));
                if (!replaced) {
                    extensions.add(extension);
                }
            }
            extensions.add(added);
            order.set("extension", extensions);
            return JSON.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HAPI wrote JSON that Jackson cannot read", e);
        }
    }

    private static String subValue(JsonNode extension, String url, String valueMember) {
        for (JsonNode sub : extension.path("extension")) {
            if (url.equals(sub.path("url").asText())) {
                return sub.path(valueMember).asText(null);
            }
        }
        return null;
    }

    private static String subReference(JsonNode extension, String url) {
        for (JsonNode sub : extension.path("extension")) {
            if (url.equals(sub.path("url").asText())) {
                return sub.path("valueReference").path("reference").asText(null);
            }
        }
        return null;
    }
}
