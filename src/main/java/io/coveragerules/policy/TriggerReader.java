package io.coveragerules.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Reads a policy's trigger codes from its Library's {@code dataRequirement}s: each one with a code filter says
 * "orders of this type whose element at this path has a code in this ValueSet (or these codes)".
 */
final class TriggerReader {

    private final KnowledgeArtifacts artifacts;

    TriggerReader(KnowledgeArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    List<Policy.Trigger> read(Library library, String source) {
        List<Policy.Trigger> triggers = new ArrayList<>();
        for (DataRequirement requirement : library.getDataRequirement()) {
            for (DataRequirement.DataRequirementCodeFilterComponent filter : requirement.getCodeFilter()) {
                Set<String> codes = new HashSet<>();
                if (filter.hasValueSet()) {
                    ValueSet valueSet = artifacts
                            .byCanonical(ValueSet.class, filter.getValueSet())
                            .orElseThrow(() ->
                                    new PolicyLoadException("POL-004 %s: trigger ValueSet %s of Library %s missing"
                                            .formatted(source, filter.getValueSet(), library.getUrl())));
                    valueSet.getExpansion().getContains().forEach(c -> codes.add(key(c.getSystem(), c.getCode())));
                }
                filter.getCode().forEach(c -> codes.add(key(c.getSystem(), c.getCode())));
                if (codes.isEmpty()) {
                    throw new PolicyLoadException("POL-004 %s: a code filter of Library %s names no codes"
                            .formatted(source, library.getUrl()));
                }
                triggers.add(new Policy.Trigger(requirement.getType(), filter.getPath(), Set.copyOf(codes)));
            }
        }
        if (triggers.isEmpty()) {
            throw new PolicyLoadException(
                    ("POL-004 %s: Library %s has no dataRequirement with a codeFilter, so no order "
                                    + "would ever reach the policy")
                            .formatted(source, library.getUrl()));
        }
        return triggers;
    }

    /** Codings are compared on system and code only, never on display. */
    public static String key(String system, String code) {
        return system + "|" + code;
    }
}
