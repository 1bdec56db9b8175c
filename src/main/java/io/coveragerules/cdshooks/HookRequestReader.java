package io.coveragerules.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.cdshooks.crd.ReceivedJson;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Checks the parts of a service call that every hook shares (CDS Hooks 2.0 "Calling a CDS Service") and parses the
 * FHIR resources in it. Unknown members are ignored (CRD: "SHALL ignore unexpected elements").
 */
@Component
class HookRequestReader {

    private static final String CONFIGURATION = "davinci-crd.configuration";

    /**
     * HAPI's lenient handler (kept: unknown elements are ignored, as CRD requires) only warns about an empty primitive
     * ({@code "authoredOn": ""}) and keeps it, and reading it later fails deep in the policy as a 500. FHIR JSON forbids
     * empty values, so every invalid value is the request's fault, refused here with the element's name.
     */
    private static final LenientErrorHandler REFUSE_INVALID_VALUES = new LenientErrorHandler(false) {
        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            throw new DataFormatException("the value \"%s\" of '%s' is not valid (%s)"
                    .formatted(value, location == null ? "?" : location.getParentElementName(), error));
        }
    };

    private final FhirContext fhirContext;

    public HookRequestReader(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /**
     * Checks and parses a hook call, noting the hookInstance and patient on {@code record} as soon as they are known, so
     * that a call refused later is still recorded under them.
     */
    HookRequest read(JsonNode body, String expectedHook, HookCallRecord record) {
        if (body == null) {
            throw CdsRequestException.badRequest(
                    "CDS-400-BODY", "The request body is empty; send a CDS Hooks request as a JSON object.");
        }
        if (!body.isObject()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-BODY", "The request body must be a JSON object (a CDS Hooks request).");
        }
        String hookInstance = requiredText(body, "hookInstance");
        record.hookInstance(hookInstance);
        String hook = requiredText(body, "hook");
        if (!hook.equals(expectedHook)) {
            throw CdsRequestException.badRequest(
                    "CDS-400-HOOK",
                    "This service answers the '%s' hook but the request is for '%s'; call the service that discovery lists for '%s'."
                            .formatted(expectedHook, hook, hook));
        }
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-CONTEXT",
                    "'context' is required and must be a JSON object holding the hook's context fields.");
        }
        JsonNode patientId = context.get("patientId");
        record.patient(patientId != null && patientId.isTextual() ? patientId.asText() : null);
        JsonNode fhirServer = body.get("fhirServer");
        if (fhirServer != null && !fhirServer.isNull() && !fhirServer.isTextual()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-FIELD", "'fhirServer' must be a string (the base URL of the EHR's FHIR server).");
        }
        Set<String> prefetchEmpty = new HashSet<>();
        return new HookRequest(
                hook,
                hookInstance,
                fhirServer == null || fhirServer.isNull() ? null : fhirServer.asText(),
                accessToken(body.get("fhirAuthorization")),
                context,
                readPrefetch(body.get("prefetch"), prefetchEmpty),
                Set.copyOf(prefetchEmpty),
                readConfiguration(body.get("extension")));
    }

    private static String accessToken(JsonNode authorization) {
        if (authorization == null || authorization.isNull()) {
            return null;
        }
        JsonNode token = authorization.get("access_token");
        if (!authorization.isObject() || token == null || !token.isTextual()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-FIELD",
                    "'fhirAuthorization' must be an object with a string 'access_token' (CDS Hooks 2.0 \"FHIR Resource Access\").");
        }
        return token.asText();
    }

    /** Parses a FHIR resource sent inside a hook request; {@code where} names it in the error. */
    public <T extends Resource> T parse(JsonNode node, Class<T> type, String where) {
        if (node == null || !node.isObject()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-FHIR", "'%s' must be a FHIR %s (a JSON object).".formatted(where, type.getSimpleName()));
        }
        JsonNode resourceType = node.get("resourceType");
        if (resourceType == null || !resourceType.asText().equals(type.getSimpleName())) {
            throw CdsRequestException.badRequest(
                    "CDS-400-FHIR",
                    "'%s' must be a FHIR %s but its resourceType is %s."
                            .formatted(
                                    where,
                                    type.getSimpleName(),
                                    resourceType == null ? "missing" : "'" + resourceType.asText() + "'"));
        }
        return type.cast(parseAny(node, where));
    }

    /**
     * HAPI parses straight from the Jackson tree the body was read into (no print and re-read), and the tree is kept
     * on the resource ({@link ReceivedJson}) so that an order goes back as it came.
     */
    private Resource parseAny(JsonNode node, String where) {
        try {
            JacksonStructure tree = new JacksonStructure();
            tree.setNativeObject((ObjectNode) node);
            Resource resource = (Resource)
                    ((IJsonLikeParser) fhirContext.newJsonParser().setParserErrorHandler(REFUSE_INVALID_VALUES))
                            .parseResource(tree);
            ReceivedJson.remember(resource, node);
            return resource;
        } catch (DataFormatException e) {
            throw CdsRequestException.badRequest(
                    "CDS-400-FHIR", "'%s' is not a valid FHIR R4 resource: %s".formatted(where, e.getMessage()));
        } catch (RuntimeException e) {
            // HAPI's parser fails in other ways on some malformed input (a null resource type deep in a Bundle): still
            // the input's fault, never a 500.
            throw CdsRequestException.badRequest(
                    "CDS-400-FHIR",
                    "'%s' is not a valid FHIR R4 resource (%s)"
                            .formatted(where, e.getClass().getSimpleName()));
        }
    }

    private Map<String, Resource> readPrefetch(JsonNode prefetch, Set<String> empty) {
        Map<String, Resource> resources = new LinkedHashMap<>();
        if (prefetch == null || prefetch.isNull()) {
            return resources;
        }
        if (!prefetch.isObject()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-PREFETCH", "'prefetch' must be a JSON object from prefetch key to FHIR resource.");
        }
        prefetch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                empty.add(field.getKey()); // CDS Hooks: null means the client found nothing for this key
                return;
            }
            if (!value.isObject() || !value.has("resourceType")) {
                throw CdsRequestException.badRequest(
                        "CDS-400-PREFETCH", "prefetch '%s' must be a FHIR resource or null.".formatted(field.getKey()));
            }
            Resource resource = parseAny(value, "prefetch." + field.getKey());
            if (!(resource instanceof OperationOutcome)) {
                resources.put(field.getKey(), resource); // an OperationOutcome says the client could not get the data
            }
        });
        return resources;
    }

    private static Map<String, JsonNode> readConfiguration(JsonNode extension) {
        Map<String, JsonNode> configuration = new LinkedHashMap<>();
        if (extension == null || extension.isNull()) {
            return configuration;
        }
        JsonNode options = extension.get(CONFIGURATION);
        if (options == null || options.isNull()) {
            return configuration;
        }
        if (!options.isObject()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-CONFIG",
                    "'extension.%s' must be a JSON object of option codes to values.".formatted(CONFIGURATION));
        }
        options.fields().forEachRemaining(f -> configuration.put(f.getKey(), f.getValue()));
        return configuration;
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw CdsRequestException.badRequest(
                    "CDS-400-FIELD", "'%s' is required and must be a non-empty string.".formatted(field));
        }
        return value.asText();
    }
}
