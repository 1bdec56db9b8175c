package io.coveragerules.policy;

import java.util.Date;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Expands a ValueSet whose compose lists its concepts. Content ValueSets are enumerations (the server has no
 * terminology service), so expanding once at start-up lets CQL membership tests, the trigger index and DTR packages
 * all read the same codes.
 */
final class ValueSetExpander {

    private ValueSetExpander() {}

    static void expand(ValueSet valueSet, String source) {
        if (valueSet.hasExpansion()) {
            return;
        }
        ValueSet.ValueSetExpansionComponent expansion = new ValueSet.ValueSetExpansionComponent();
        expansion.setTimestamp(new Date());
        for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            if (include.hasFilter() || include.hasValueSet() || !include.hasConcept()) {
                throw new PolicyLoadException(
                        ("POL-004 %s: ValueSet %s includes codes of %s by filter or by other ValueSets; "
                                        + "the server expands enumerations only, so list the concepts")
                                .formatted(source, valueSet.getUrl(), include.getSystem()));
            }
            for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                expansion
                        .addContains()
                        .setSystem(include.getSystem())
                        .setVersion(include.getVersion())
                        .setCode(concept.getCode())
                        .setDisplay(concept.getDisplay());
            }
        }
        if (valueSet.getCompose().hasExclude()) {
            throw new PolicyLoadException(
                    "POL-004 %s: ValueSet %s uses compose.exclude, which the server does not expand"
                            .formatted(source, valueSet.getUrl()));
        }
        expansion.setTotal(expansion.getContains().size());
        valueSet.setExpansion(expansion);
    }
}
