package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.events.HookCallAnswered;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * What is known of one hook call while it is answered, noted by the parts that learn it (the request reader: the
 * hookInstance and patient once checked; the service: its decisions) and read by {@link HookCallRecorder} when the
 * answer has gone out, whatever its status. Lives in the request's attributes.
 */
final class HookCallRecord {

    private static final String ATTRIBUTE = HookCallRecord.class.getName();

    private String hookInstance;
    private String patient;
    private List<HookCallAnswered.OrderDecision> decisions = List.of();

    private HookCallRecord() {}

    /** The record of the call {@code request} carries (made on first use). */
    static HookCallRecord of(HttpServletRequest request) {
        Object record = request.getAttribute(ATTRIBUTE);
        if (record instanceof HookCallRecord existing) {
            return existing;
        }
        HookCallRecord created = new HookCallRecord();
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }

    void hookInstance(String hookInstance) {
        this.hookInstance = hookInstance;
    }

    void patient(String patientId) {
        this.patient = patientId == null ? null : "Patient/" + patientId;
    }

    void decisions(List<HookCallAnswered.OrderDecision> decisions) {
        this.decisions = List.copyOf(decisions);
    }

    String hookInstance() {
        return hookInstance;
    }

    String patient() {
        return patient;
    }

    List<HookCallAnswered.OrderDecision> decisions() {
        return decisions;
    }
}
