package io.coveragerules.policy;

import java.util.List;
import java.util.Set;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * One medical policy as the server evaluates it, read from its PlanDefinition: the CQL library that decides, the
 * outcomes (actions) the library's definitions switch on, and the codes that make an order worth evaluating.
 *
 * @param folder   the content folder, {@code fhir-resources/<folder>} and {@code cql/<folder>}
 * @param number   the payer's policy number (PlanDefinition.identifier), e.g. 6.01.68
 * @param canonical the PlanDefinition's canonical URL; a related artifact pointing here means "the policy itself"
 * @param patientDataTypes resource types the library reads about the patient (its dataRequirements without a code
 *                 filter), which hook services ask for in prefetch
 */
public record Policy(
        String folder,
        String number,
        String title,
        String version,
        String canonical,
        VersionedIdentifier library,
        List<PolicyAction> actions,
        List<Trigger> triggers,
        List<String> patientDataTypes) {

    public String libraryName() {
        return library.getId();
    }

    public String libraryVersion() {
        return library.getVersion();
    }

    /** Order codes that make the policy apply: orders of {@code resourceType} whose element {@code path} has one. */
    public record Trigger(String resourceType, String path, Set<String> codes) {}
}
