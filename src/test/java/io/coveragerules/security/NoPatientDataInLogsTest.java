package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.io.InputStream;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Application logs carry hookInstance and coverage-assertion ids, never patient names, identifiers, birth dates or the
 * tokens received: a full hook run with recognisable patient data (prefetch, EHR reads, a failing read), then the
 * captured logs are searched for it.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPatientDataInLogsTest extends ServerTest {

    private static final String NAME = "Zebediah";
    private static final String FAMILY = "Quxworthington";
    private static final String MRN = "MRN-UNIQUE-77315";
    private static final String BIRTH_DATE = "1901-02-03";
    private static final String TOKEN = "SECRET-TOKEN-9F8E7D";

    @Test
    void aFullHookRunLeavesNoPatientDataInTheLogs(CapturedOutput logs) throws Exception {
        try (TestEhrServer ehr = new TestEhrServer()) {
            Patient patient = new Patient();
            patient.setId("pat-1");
            patient.addName().setFamily(FAMILY).addGiven(NAME);
            patient.addIdentifier().setSystem("http://hospital.example.org/mrn").setValue(MRN);
            patient.setBirthDateElement(new DateType(BIRTH_DATE));
            ehr.with(patient);
            ObjectNode request = request();
            request.put("fhirServer", ehr.baseUrl());
            ((ObjectNode) request.get("fhirAuthorization")).put("access_token", TOKEN);
            ObjectNode prefetch = (ObjectNode) request.get("prefetch");
            prefetch.remove("patient"); // read from the EHR
            prefetch.remove("conditions");
            ((ObjectNode) request.at("/context/draftOrders/entry/0/resource"))
                    .putArray("reasonReference")
                    .addObject()
                    .put("reference", "Condition/missing"); // a failing read, logged

            assertThat(postJson("/cds-services/order-sign-crd", request.toString())
                            .statusCode())
                    .isEqualTo(200);
        }

        assertThat(logs.getAll())
                .as("the run was logged")
                .contains("hookInstance=0b3b6b4c-2f1e-4a4c-9a6e-7d3f1a2b9c10", "coverage-assertion-id=");
        assertThat(logs.getAll())
                .doesNotContain(NAME, FAMILY, MRN, BIRTH_DATE, TOKEN, "Testpatient", "MRN-0001", "1961-05-14");
    }

    private static ObjectNode request() throws Exception {
        try (InputStream in = NoPatientDataInLogsTest.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
