package io.coveragerules.policy;

import org.hl7.fhir.r4.model.Resource;

/** A FHIR resource read from {@code fhir-resources/<policyFolder>/<fileName>}. */
record ContentFile(String policyFolder, String fileName, Resource resource) {

    String describe() {
        return "fhir-resources/" + policyFolder + "/" + fileName;
    }
}
