package io.coveragerules.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * The loaded policies and an index from trigger codes to policies, so that an order is evaluated only against the
 * policies that can concern it and an order that triggers none costs a few map look-ups.
 */
public final class PolicyCatalog {

    private final List<Policy> policies;
    /** resource type → element path → "system|code" → policies. */
    private final Map<String, Map<String, Map<String, Set<Policy>>>> index = new HashMap<>();
    private final FhirTerser terser;

    PolicyCatalog(List<Policy> policies, FhirContext fhirContext) {
        this.policies = List.copyOf(policies);
        this.terser = fhirContext.newTerser();
        for (Policy policy : policies) {
            for (Policy.Trigger trigger : policy.triggers()) {
                Map<String, Set<Policy>> byCode = index.computeIfAbsent(trigger.resourceType(), t -> new HashMap<>())
                        .computeIfAbsent(trigger.path(), p -> new HashMap<>());
                trigger.codes().forEach(code -> byCode.computeIfAbsent(code, c -> new LinkedHashSet<>()).add(policy));
            }
        }
    }

    public List<Policy> policies() {
        return policies;
    }

    public Optional<Policy> byNumber(String number) {
        return policies.stream().filter(p -> p.number().equals(number)).findFirst();
    }

    /** The resource types some policy triggers on (the order types worth reading from a hook request). */
    public Set<String> triggerResourceTypes() {
        return index.keySet();
    }

    /** The card types (CRD card-type codes, with their display) that some policy's cards carry. */
    public Map<String, String> cardTypes() {
        Map<String, String> types = new java.util.TreeMap<>();
        policies.forEach(p -> p.actions().forEach(a -> a.card().ifPresent(c ->
                types.putIfAbsent(c.topicCode(), c.topicDisplay() == null ? c.topicCode() : c.topicDisplay()))));
        return types;
    }

    /** Resource types some policy reads about the patient, for prefetch templates. */
    public Set<String> patientDataTypes() {
        Set<String> types = new java.util.TreeSet<>();
        policies.forEach(p -> types.addAll(p.patientDataTypes()));
        return types;
    }

    /** The policies whose trigger codes the order carries, in load order. */
    public List<Policy> policiesFor(Resource order) {
        Map<String, Map<String, Set<Policy>>> byPath = index.get(order.fhirType());
        if (byPath == null) {
            return List.of();
        }
        Set<Policy> found = new LinkedHashSet<>();
        byPath.forEach((path, byCode) -> {
            for (IBase value : terser.getValues(order, order.fhirType() + "." + path)) {
                for (Coding coding : codings(value)) {
                    found.addAll(byCode.getOrDefault(TriggerReader.key(coding.getSystem(), coding.getCode()), Set.of()));
                }
            }
        });
        return new ArrayList<>(found);
    }

    private static List<Coding> codings(IBase value) {
        if (value instanceof CodeableConcept concept) {
            return concept.getCoding();
        }
        if (value instanceof Coding coding) {
            return List.of(coding);
        }
        return List.of();
    }
}
