package io.coveragerules.coverage;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.policy.Policy;
import io.coveragerules.policy.PolicyCatalog;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Synthetic orders, one per trigger of each loaded policy, carrying the trigger's first code: what the server sends
 * itself to warm up before it reports ready. They name a patient and a Coverage by id only.
 */
final class SampleOrders {

    private SampleOrders() {}

    static List<Resource> of(PolicyCatalog catalog, FhirContext fhirContext, String patientId, String coverageId) {
        List<Resource> orders = new ArrayList<>();
        for (Policy policy : catalog.policies()) {
            for (Policy.Trigger trigger : policy.triggers()) {
                Resource order = (Resource) fhirContext
                        .getResourceDefinition(trigger.resourceType())
                        .newInstance();
                order.setId("sample-" + policy.number() + "-" + orders.size());
                String code = trigger.codes().iterator().next();
                Coding coding =
                        new Coding(code.substring(0, code.indexOf('|')), code.substring(code.indexOf('|') + 1), null);
                try {
                    order.setProperty(trigger.path(), new CodeableConcept(coding));
                    order.setProperty("subject", new Reference("Patient/" + patientId));
                    order.setProperty("insurance", new Reference("Coverage/" + coverageId));
                } catch (RuntimeException notSettable) {
                    continue; // a trigger path deeper than one element: no sample order for it
                }
                orders.add(order);
            }
        }
        return orders;
    }
}
