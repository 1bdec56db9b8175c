package io.coveragerules.coverage;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the server knows of the patient for a decision: the Patient (if sent) and clinical resources such as
 * Conditions, from prefetch or from the EHR. Policies read them; nothing here is kept after the request.
 */
public record PatientRecord(List<Resource> resources) {

    public PatientRecord {
        resources = List.copyOf(resources);
    }
}
