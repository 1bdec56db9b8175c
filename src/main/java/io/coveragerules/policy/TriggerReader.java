package io.coveragerules.policy;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.TriggerDefinition;

/**
 * Reads a policy's triggers from its PlanDefinition's top-level actions, as the CPG and CDS Hooks on FHIR do: each
 * {@code trigger} of type {@code named-event} names a CDS hook, and its {@code data} says which orders: "orders of this
 * type whose element at this path has a code in this ValueSet (or these codes)".
 */
final class TriggerReader {

    private final CodeFilterReader codeFilters;

    TriggerReader(CodeFilterReader codeFilters) {
        this.codeFilters = codeFilters;
    }

    List<Policy.Trigger> read(PlanDefinitionActionComponent action, String where) {
        List<Policy.Trigger> triggers = new ArrayList<>();
        for (TriggerDefinition trigger : action.getTrigger()) {
            if (trigger.getType() != TriggerDefinition.TriggerType.NAMEDEVENT || !trigger.hasName()) {
                throw new PolicyLoadException(
                        "POL-004 %s: a trigger must be a named-event naming a CDS hook (e.g. order-sign)"
                                .formatted(where));
            }
            for (DataRequirement data : trigger.getData()) {
                if (!data.hasCodeFilter()) {
                    throw new PolicyLoadException(
                            ("POL-004 %s: trigger %s data of type %s needs a codeFilter (the order "
                                            + "codes the policy is about)")
                                    .formatted(where, trigger.getName(), data.getType()));
                }
                for (DataRequirement.DataRequirementCodeFilterComponent filter : data.getCodeFilter()) {
                    Policy.CodeFilter codes = codeFilters.read(filter, where + " trigger " + trigger.getName());
                    triggers.add(new Policy.Trigger(trigger.getName(), data.getType(), codes.path(), codes.codes()));
                }
            }
        }
        return triggers;
    }
}
