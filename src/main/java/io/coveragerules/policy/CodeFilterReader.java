package io.coveragerules.policy;

import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Reads a {@code DataRequirement.codeFilter} into the codes it names ({@code system|code}): its ValueSet's expansion
 * (expanded at load) and its direct codes. Triggers and data needs share it.
 */
final class CodeFilterReader {

    private final KnowledgeArtifacts artifacts;

    CodeFilterReader(KnowledgeArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    Policy.CodeFilter read(DataRequirement.DataRequirementCodeFilterComponent filter, String where) {
        if (!filter.hasPath()) {
            throw new PolicyLoadException("POL-004 %s: a code filter needs a path".formatted(where));
        }
        Set<String> codes = new HashSet<>();
        if (filter.hasValueSet()) {
            ValueSet valueSet = artifacts
                    .byCanonical(ValueSet.class, filter.getValueSet())
                    .orElseThrow(() -> new PolicyLoadException(
                            "POL-004 %s: ValueSet %s missing".formatted(where, filter.getValueSet())));
            valueSet.getExpansion().getContains().forEach(c -> codes.add(key(c.getSystem(), c.getCode())));
        }
        filter.getCode().forEach(c -> codes.add(key(c.getSystem(), c.getCode())));
        if (codes.isEmpty()) {
            throw new PolicyLoadException("POL-004 %s: a code filter names no codes".formatted(where));
        }
        return new Policy.CodeFilter(filter.getPath(), Set.copyOf(codes));
    }

    /** Codings are compared on system and code only, never on display. */
    static String key(String system, String code) {
        return system + "|" + code;
    }
}
