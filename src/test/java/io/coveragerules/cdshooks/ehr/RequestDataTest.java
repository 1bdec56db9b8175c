package io.coveragerules.cdshooks.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;

/** What one hook call knows of the patient is merged by identity: the same resource read twice is one resource. */
class RequestDataTest {

    @Test
    void theSameConditionFromReasonReferenceAndFromTheSearchIsOneCondition() {
        RequestData data = new RequestData();
        data.add(condition("c-liver", "C22.0"));
        data.addAll(List.of(condition("c-liver", "C22.0"), condition("c-other", "I10")));

        assertThat(data.all())
                .extracting(RequestData::identity)
                .containsExactly("Condition/c-liver", "Condition/c-other");
    }

    @Test
    void aResourceTwiceInOneBundleIsKeptOnce() {
        RequestData data = new RequestData();
        data.addAll(List.of(condition("c1", "C22.0"), condition("c1", "C22.0")));

        assertThat(data.ofType(Condition.class)).hasSize(1);
    }

    @Test
    void ofTwoCopiesTheLaterUpdatedIsKeptOtherwiseTheFirstKnown() {
        Condition older = condition("c1", "C22.0");
        older.getMeta().setLastUpdated(Date.from(Instant.parse("2026-01-01T00:00:00Z")));
        Condition newer = condition("c1", "C25.0");
        newer.getMeta().setLastUpdated(Date.from(Instant.parse("2026-02-01T00:00:00Z")));
        Condition undated = condition("c1", "C64.2");

        RequestData data = new RequestData();
        data.add(older);
        data.add(newer);
        data.add(undated);

        assertThat(data.all()).containsExactly(newer);
        assertThat(data.find("Condition/c1")).contains(newer);
    }

    @Test
    void resourcesWithoutAnIdCannotBeToldApartAndAreAllKept() {
        RequestData data = new RequestData();
        data.add(condition(null, "C22.0"));
        data.add(condition(null, "C22.0"));

        assertThat(data.all()).hasSize(2);
    }

    @Test
    void aResourceIsFoundByRelativeAbsoluteAndVersionedReference() {
        RequestData data = new RequestData();
        Condition liver = condition("c-liver", "C22.0");
        data.add(liver);

        assertThat(data.find("Condition/c-liver")).contains(liver);
        assertThat(data.find("https://ehr.example/fhir/Condition/c-liver/_history/3"))
                .contains(liver);
        assertThat(data.find("Condition/other")).isEmpty();
        assertThat(data.find("not a reference")).isEmpty();
    }

    @Test
    void failedReadsAreToldApartFromDataMerelyNotOffered() {
        RequestData data = new RequestData();
        data.markUnavailable("encounter", "not in prefetch and the request names no fhirServer");
        data.markFailed("conditions", "the EHR FHIR server answered HTTP 500");

        assertThat(data.failedReads()).containsOnlyKeys("conditions");
        assertThat(data.whyUnavailable("encounter")).isPresent();
    }

    private static Condition condition(String id, String icd10) {
        Condition condition = new Condition();
        if (id != null) {
            condition.setId(id);
        }
        condition.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", icd10, null)));
        return condition;
    }
}
