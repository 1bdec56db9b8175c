package io.coveragerules.policy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * One medical policy as the server evaluates it, read from its PlanDefinition and Library: the CQL library that
 * decides, the outcomes (actions) the library's definitions switch on, the order codes that make it worth evaluating on
 * which hooks (its triggers), and what it reads about the patient (the Library's data requirements).
 *
 * @param folder    the content folder, {@code fhir-resources/<folder>} and {@code cql/<folder>}
 * @param number    the payer's policy number (PlanDefinition.identifier), e.g. 6.01.68
 * @param canonical the PlanDefinition's canonical URL; a related artifact pointing here means "the policy itself"
 * @param triggers  from {@code PlanDefinition.action.trigger} (named-event = the CDS hook, data = the order codes)
 * @param reads     from {@code Library.dataRequirement}: the order types it reads (their must-support references are
 *                  followed) and the patient data it needs (prefetched, or read from the EHR, filtered as declared)
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
        List<DataNeed> reads) {

    public String libraryName() {
        return library.getId();
    }

    public String libraryVersion() {
        return library.getVersion();
    }

    /** The resource types of the orders that trigger this policy (what "the order" is to its CQL). */
    public Set<String> orderTypes() {
        return triggers.stream().map(Trigger::resourceType).collect(Collectors.toSet());
    }

    /**
     * On {@code hook}, orders of {@code resourceType} whose element at {@code path} carries one of {@code codes}
     * ({@code system|code}) make the policy apply.
     */
    public record Trigger(String hook, String resourceType, String path, Set<String> codes) {}

    /**
     * Data the policy's CQL reads.
     *
     * @param key         the prefetch key: the data requirement's id in the Library, or for an unfiltered read the
     *                    plural of its type ({@code conditions})
     * @param codeFilters only resources whose element at a filter's path carries one of its codes
     * @param mustSupport the elements the CQL reads; for an order type, its Reference elements are followed
     */
    public record DataNeed(String key, String resourceType, List<CodeFilter> codeFilters, List<String> mustSupport) {}

    /** @param codes {@code system|code} */
    public record CodeFilter(String path, Set<String> codes) {}
}
