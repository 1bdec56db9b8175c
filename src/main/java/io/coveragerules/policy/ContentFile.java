package io.coveragerules.policy;

import org.hl7.fhir.instance.model.api.IBaseResource;

/** A FHIR resource read from {@code fhir-resources/<policyFolder>/<fileName>}. */
record ContentFile(String policyFolder, String fileName, IBaseResource resource) {

    String describe() {
        return "fhir-resources/" + policyFolder + "/" + fileName;
    }
}
