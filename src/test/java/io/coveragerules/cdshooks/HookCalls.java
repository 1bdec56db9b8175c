package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** Hook requests and patient data for tests that go beyond the data-file policy cases. */
public final class HookCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";

    private HookCalls() {}

    /** The policy cases' base order-sign call: CPT 0600T for Patient/pat-1, Coverage/cov-1, no diagnosis. */
    static ObjectNode orderSign() {
        try (InputStream in = HookCalls.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode order(ObjectNode request) {
        return (ObjectNode) request.at("/context/draftOrders/entry/0/resource");
    }

    static ObjectNode withReason(ObjectNode request, String icd10) {
        order(request)
                .putArray("reasonCode")
                .addObject()
                .putArray("coding")
                .addObject()
                .put("system", ICD10)
                .put("code", icd10);
        return request;
    }

    static ObjectNode withoutPrefetch(ObjectNode request, String... keys) {
        ObjectNode prefetch = (ObjectNode) request.get("prefetch");
        for (String key : keys) {
            prefetch.remove(key);
        }
        return request;
    }

    public static Patient patient() {
        Patient patient = new Patient();
        patient.setId("pat-1");
        patient.addName().setFamily("Testpatient").addGiven("Alex");
        return patient;
    }

    static Coverage coverage(String id, String payerSystem, String payerValue) {
        Coverage coverage = new Coverage();
        coverage.setId(id);
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(new Reference("Patient/pat-1"));
        coverage.addPayor()
                .setIdentifier(new Identifier().setSystem(payerSystem).setValue(payerValue));
        return coverage;
    }

    public static Coverage ourCoverage() {
        return coverage("cov-1", "http://hl7.org/fhir/sid/us-npi", "1234567893");
    }

    public static Condition condition(String id, String icd10) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setSubject(new Reference("Patient/pat-1"));
        condition.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        condition.setCode(new CodeableConcept(new Coding(ICD10, icd10, null)));
        return condition;
    }

    /** The {@code covered} codes of the answer's coverage-information system actions, as "Type/id=code". */
    static List<String> coverage(JsonNode answer) {
        List<String> found = new ArrayList<>();
        for (JsonNode action : answer.path("systemActions")) {
            JsonNode resource = action.get("resource");
            for (JsonNode extension : resource.path("extension")) {
                for (JsonNode sub : extension.path("extension")) {
                    if (sub.path("url").asText().equals("covered")) {
                        found.add(resource.path("resourceType").asText() + "/"
                                + resource.path("id").asText() + "="
                                + sub.path("valueCode").asText());
                    }
                }
            }
        }
        return found;
    }

    static List<String> summaries(JsonNode answer) {
        List<String> summaries = new ArrayList<>();
        answer.path("cards").forEach(c -> summaries.add(c.path("summary").asText()));
        return summaries;
    }
}
