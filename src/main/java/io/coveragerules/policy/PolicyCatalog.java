package io.coveragerules.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * The loaded policies and an index from trigger codes to policies, per CDS hook, so that an order is evaluated only
 * against the policies that can concern it on that hook and an order that triggers none costs a few map look-ups.
 */
public final class PolicyCatalog {

    private final List<Policy> policies;
    /**
     * hook → resource type → element path → "system|code" → the positions in {@link #policies} of the policies it
     * triggers. Positions, not the policies: a look-up then never hashes a policy record (whose hash walks all its
     * actions, triggers and codes), and the union of several codes' policies comes out in load order.
     */
    private final Map<String, Map<String, Map<String, Map<String, BitSet>>>> index = new HashMap<>();

    private final List<Policy.DataNeed> patientDataNeeds;

    PolicyCatalog(List<Policy> policies, FhirContext fhirContext) {
        this.policies = List.copyOf(policies);
        this.patientDataNeeds = patientDataNeeds(policies);
        for (int position = 0; position < this.policies.size(); position++) {
            Policy policy = this.policies.get(position);
            for (Policy.Trigger trigger : policy.triggers()) {
                requireKnownPath(fhirContext, policy, trigger);
                Map<String, BitSet> byCode = index.computeIfAbsent(trigger.hook(), h -> new HashMap<>())
                        .computeIfAbsent(trigger.resourceType(), t -> new HashMap<>())
                        .computeIfAbsent(trigger.path(), p -> new HashMap<>());
                int at = position;
                trigger.codes()
                        .forEach(code ->
                                byCode.computeIfAbsent(code, c -> new BitSet()).set(at));
            }
        }
    }

    public List<Policy> policies() {
        return policies;
    }

    /** The card types (CRD card-type codes, with their display) that some policy's cards carry. */
    public Map<String, String> cardTypes() {
        Map<String, String> types = new TreeMap<>();
        policies.forEach(p -> p.actions()
                .forEach(a -> a.card()
                        .ifPresent(c -> types.putIfAbsent(
                                c.topicCode(), c.topicDisplay() == null ? c.topicCode() : c.topicDisplay()))));
        return types;
    }

    /**
     * What the policies read about the patient: their data requirements of types that are not the orders they are
     * triggered by, each distinct need once, in load order.
     */
    public List<Policy.DataNeed> patientDataNeeds() {
        return patientDataNeeds;
    }

    /** The policies whose trigger codes the order carries on any hook, in load order. */
    public List<Policy> policiesFor(Resource order) {
        BitSet found = new BitSet();
        index.keySet().forEach(hook -> found.or(positionsFor(order, hook)));
        return inLoadOrder(found);
    }

    /** The policies whose triggers for {@code hook} the order's codes match, in load order. */
    public List<Policy> policiesFor(Resource order, String hook) {
        return inLoadOrder(positionsFor(order, hook));
    }

    private BitSet positionsFor(Resource order, String hook) {
        BitSet found = new BitSet();
        Map<String, Map<String, BitSet>> byPath =
                index.getOrDefault(hook, Map.of()).get(order.fhirType());
        if (byPath != null) {
            byPath.forEach((path, byCode) -> {
                for (Base value : values(order, path)) {
                    for (Coding coding : codings(value)) {
                        BitSet positions = byCode.get(CodeFilterReader.key(coding.getSystem(), coding.getCode()));
                        if (positions != null) {
                            found.or(positions);
                        }
                    }
                }
            });
        }
        return found;
    }

    private List<Policy> inLoadOrder(BitSet positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        List<Policy> found = new ArrayList<>(positions.cardinality());
        positions.stream().forEach(at -> found.add(policies.get(at)));
        return found;
    }

    /** One query per prefetch key: two policies asking for different data under one key is a content error. */
    private static List<Policy.DataNeed> patientDataNeeds(List<Policy> policies) {
        Map<String, Policy.DataNeed> byKey = new LinkedHashMap<>();
        for (Policy policy : policies) {
            Set<String> orderTypes = policy.orderTypes();
            for (Policy.DataNeed read : policy.reads()) {
                if (orderTypes.contains(read.resourceType())) {
                    continue; // the order under review: it comes with the hook, its references are followed
                }
                Policy.DataNeed need =
                        new Policy.DataNeed(read.key(), read.resourceType(), read.codeFilters(), List.of());
                Policy.DataNeed previous = byKey.putIfAbsent(need.key(), need);
                if (previous != null && !previous.equals(need)) {
                    throw new PolicyLoadException(("POL-007 policy %s reads different data under the prefetch key '%s' "
                                    + "than another policy does: give its data requirement a distinct id")
                            .formatted(policy.number(), need.key()));
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    /** The values at a dotted element path; a choice element answers to its plain name ({@code code} for code[x]). */
    private static List<Base> values(Base start, String path) {
        List<Base> current = List.of(start);
        for (String name : path.split("\\.")) {
            List<Base> next = new ArrayList<>();
            for (Base base : current) {
                Property property = base.getNamedProperty(name);
                if (property != null) {
                    next.addAll(property.getValues());
                }
            }
            current = next;
        }
        return current;
    }

    private static void requireKnownPath(FhirContext fhirContext, Policy policy, Policy.Trigger trigger) {
        Base instance;
        try {
            instance = (Base)
                    fhirContext.getResourceDefinition(trigger.resourceType()).newInstance();
        } catch (RuntimeException e) {
            throw new PolicyLoadException("POL-004 policy %s: trigger resource type '%s' is not a FHIR R4 resource"
                    .formatted(policy.number(), trigger.resourceType()));
        }
        // The first element of the path must exist on the type; deeper ones are read leniently at run time.
        if (safeProperty(instance, trigger.path().split("\\.")[0]) == null) {
            throw new PolicyLoadException("POL-004 policy %s: trigger path '%s' is not an element of %s"
                    .formatted(policy.number(), trigger.path(), trigger.resourceType()));
        }
    }

    private static Property safeProperty(Base base, String name) {
        try {
            return base.getNamedProperty(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<Coding> codings(Base value) {
        if (value instanceof CodeableConcept concept) {
            return concept.getCoding();
        }
        if (value instanceof Coding coding) {
            return List.of(coding);
        }
        return List.of();
    }
}
