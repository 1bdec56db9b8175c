package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The documentation form's pre-population CQL fills what the EHR knows: the procedure, the organ, the diagnosis. */
class QuestionnairePrefillTest extends ServerTest {

    @Autowired
    QuestionnairePrefill prefill;

    @Autowired
    KnowledgeArtifacts artifacts;

    @Test
    void aPatientWithALiverDiagnosisAndAnIreOrderGetsTheOrganAndDiagnosisFilledIn() {
        Map<String, Type> answers =
                prefill.answers(form(), data(null, condition("C22.0", "Liver cell carcinoma")), "pat-1");

        assertThat(((Coding) answers.get("organ")).getCode()).isEqualTo("10200004");
        assertThat(((Coding) answers.get("organ")).getSystem()).isEqualTo("http://snomed.info/sct");
        assertThat(answers.get("diagnosis-code").primitiveValue()).isEqualTo("C22.0 Liver cell carcinoma");
        assertThat(((Coding) answers.get("procedure")).getCode()).isEqualTo("0600T");
    }

    @Test
    void theOrdersOwnReasonComesBeforeThePatientsConditions() {
        Map<String, Type> answers = prefill.answers(form(), data("C25.0", condition("C22.0", null)), "pat-1");

        assertThat(((Coding) answers.get("organ")).getCode()).isEqualTo("15776009");
        assertThat(answers.get("diagnosis-code").primitiveValue()).isEqualTo("C25.0");
    }

    @Test
    void withNothingKnownNothingIsFilledButTheProcedure() {
        Map<String, Type> answers = prefill.answers(form(), data(null), "pat-1");

        assertThat(answers).containsOnlyKeys("procedure");
    }

    private Questionnaire form() {
        return artifacts.byId(Questionnaire.class, "ire-documentation").orElseThrow();
    }

    private static Bundle data(String reasonIcd10, Condition... conditions) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(new Patient().setId("pat-1"));
        ServiceRequest order = new ServiceRequest();
        order.setId("ire-1");
        order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setSubject(new Reference("Patient/pat-1"));
        order.setCode(new CodeableConcept(new Coding("http://www.ama-assn.org/go/cpt", "0600T", null)));
        if (reasonIcd10 != null) {
            order.addReasonCode(
                    new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", reasonIcd10, null)));
        }
        bundle.addEntry().setResource(order);
        for (Condition condition : conditions) {
            bundle.addEntry().setResource(condition);
        }
        return bundle;
    }

    private static Condition condition(String icd10, String display) {
        Condition condition = new Condition();
        condition.setId("c-" + icd10);
        condition.setSubject(new Reference("Patient/pat-1"));
        condition.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", icd10, display)));
        return condition;
    }
}
