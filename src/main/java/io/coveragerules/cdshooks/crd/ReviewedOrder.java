package io.coveragerules.cdshooks.crd;

import io.coveragerules.coverage.CoverageDecision;
import java.util.Map;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A decided order, the resource its coverage information annotates (the order itself, or for appointment-book the
 * Appointment based on it) and the Coverage an assertion on it is about (null when none may be asserted).
 *
 * @param unreadData what the decision could not read from the EHR, what → why (empty when nothing failed): the answer
 *                   says so, so that a decision made without that data is never taken for one made with it
 */
public record ReviewedOrder(
        Resource annotated, CoverageDecision decision, Reference coverage, Map<String, String> unreadData) {

    public ReviewedOrder {
        unreadData = Map.copyOf(unreadData);
    }

    /**
     * The sentence that says which data could not be read (CRD 2.0.1 has no code for it; CRD 2.2 has reason
     * {@code technical}), or null.
     */
    public String unreadDataNote() {
        if (unreadData.isEmpty()) {
            return null;
        }
        StringBuilder note = new StringBuilder("Data could not be read from the EHR: ");
        unreadData.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> note.append(e.getKey())
                        .append(" (")
                        .append(e.getValue())
                        .append("); "));
        note.setLength(note.length() - 2);
        return note.append(". This decision was made without it.").toString();
    }
}
