package io.coveragerules.cdshooks.crd;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/** A human-friendly name of an order, e.g. "ServiceRequest/ire-1 (CPT 0600T Ablation, irreversible ...)". */
final class OrderLabel {

    private OrderLabel() {}

    static String of(Resource order) {
        String label = order.fhirType() + "/" + order.getIdElement().getIdPart();
        for (String element : new String[] {"code", "medication", "codeCodeableConcept", "medicationCodeableConcept"}) {
            Property property = order.getNamedProperty(element);
            if (property != null && property.hasValues()) {
                Base value = property.getValues().get(0);
                if (value instanceof CodeableConcept concept) {
                    Coding coding = concept.getCodingFirstRep();
                    String text = concept.hasText() ? concept.getText() : coding.getDisplay();
                    return label + " (" + (coding.hasCode() ? coding.getCode() : "") + (text == null ? "" : " " + text)
                            + ")";
                }
            }
        }
        return label;
    }
}
