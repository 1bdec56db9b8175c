package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.crd.CoverageLocator;
import io.coveragerules.policy.PolicyCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The prefetch a service asks for, derived from what the loaded policies read about the patient (their Libraries'
 * dataRequirements), so a policy that needs Observations gets them without a code change. Coverage is always asked
 * for: every coverage assertion names one. Templates use only CDS Hooks 2.0 root-level context tokens.
 */
@Component
public class PrefetchTemplates {

    private final Map<String, String> templates;

    public PrefetchTemplates(PolicyCatalog catalog) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("patient", "Patient/{{context.patientId}}");
        t.put(CoverageLocator.PREFETCH_KEY, "Coverage?patient={{context.patientId}}&status=active");
        for (String type : catalog.patientDataTypes()) {
            if (!type.equals("Patient") && !type.equals("Coverage")) {
                t.put(Character.toLowerCase(type.charAt(0)) + type.substring(1) + "s", type + "?patient={{context.patientId}}");
            }
        }
        this.templates = Map.copyOf(t);
    }

    /** Key → query template, in a stable order. */
    public Map<String, String> forPatientHooks() {
        return new java.util.TreeMap<>(templates);
    }
}
