package io.coveragerules.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.dtr.QuestionnairePackageTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The request shapes the benchmark measures, each on its own: one IRE order for a liver cancer (CPT 0600T, ICD-10-CM
 * C22.0: decided by CQL, answered not-covered), with full prefetch and with everything read from an EHR; DTR's
 * {@code $questionnaire-package} for that order; SDC's first {@code $next-question} of the adaptive form.
 */
final class RequestShapes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One shape: where it goes, its body (a file wrk reads) and what a good answer contains. */
    record Shape(String name, String path, Path body, String contentType, String expected) {}

    private RequestShapes() {}

    static List<Shape> all(String ehrBaseUrl) throws IOException {
        ObjectNode prefetched = liverOrderSign();
        ObjectNode fetching = prefetched.deepCopy();
        fetching.remove("prefetch");
        fetching.put("fhirServer", ehrBaseUrl);
        return List.of(
                new Shape(
                        "order-sign, full prefetch",
                        "/cds-services/order-sign-crd",
                        write(prefetched),
                        "application/json",
                        "not-covered"),
                new Shape(
                        "order-sign, EHR reads",
                        "/cds-services/order-sign-crd",
                        write(fetching),
                        "application/json",
                        "not-covered"),
                new Shape(
                        "$questionnaire-package",
                        "/fhir/Questionnaire/$questionnaire-package",
                        write(questionnairePackage()),
                        "application/fhir+json",
                        "PackageBundle"),
                new Shape(
                        "$next-question",
                        "/fhir/Questionnaire/$next-question",
                        write(nextQuestion()),
                        "application/fhir+json",
                        "QuestionnaireResponse"));
    }

    /** The base order-sign call of the policy cases (Patient, Coverage and Conditions prefetched), for a liver cancer. */
    static ObjectNode liverOrderSign() throws IOException {
        try (InputStream in = RequestShapes.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            ObjectNode request = (ObjectNode) JSON.readTree(in);
            ObjectNode order = (ObjectNode) request.at("/context/draftOrders/entry/0/resource");
            order.putArray("reasonCode")
                    .addObject()
                    .putArray("coding")
                    .addObject()
                    .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                    .put("code", "C22.0");
            return request;
        }
    }

    private static JsonNode questionnairePackage() throws IOException {
        try {
            return QuestionnairePackageTest.ireRequest();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Inferno's initial next-question shape for the IRE adaptive form: the form contained, nothing answered yet. */
    private static JsonNode nextQuestion() throws IOException {
        JsonNode adaptive = JSON.readTree(RequestShapes.class.getResourceAsStream(
                "/content/fhir-resources/ire-6.01.68/Questionnaire-ire-documentation-adaptive.json"));
        ObjectNode contained = (ObjectNode) adaptive.deepCopy();
        contained.put("id", "IreDocumentationAdaptive");
        contained.remove("item");
        ObjectNode parameters = JSON.createObjectNode().put("resourceType", "Parameters");
        ObjectNode response = parameters
                .putArray("parameter")
                .addObject()
                .put("name", "questionnaire-response")
                .putObject("resource");
        response.put("resourceType", "QuestionnaireResponse").put("id", "ire-adaptive-1");
        response.putObject("meta")
                .putArray("profile")
                .add("http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse-adapt");
        response.putArray("contained").add(contained);
        response.put("questionnaire", "#IreDocumentationAdaptive")
                .put("status", "in-progress")
                .put("authored", "2026-11-24T10:00:00Z");
        response.putObject("subject").put("reference", "Patient/pat-1");
        return parameters;
    }

    private static Path write(JsonNode body) throws IOException {
        Path file = Files.createTempFile("coverage-rules-benchmark-body", ".json");
        Files.writeString(file, body.toString());
        return file;
    }
}
