package io.coveragerules.cdshooks.events;

import java.time.Instant;
import java.util.List;

/**
 * Published when a hook call has been answered, or refused (CRD: "retain logs of all CRD-related hook invocations and
 * their responses"). It holds references and decisions, not the patient's clinical data.
 *
 * @param hookInstance the call's hookInstance, or null when the request did not carry a readable one
 * @param clientIssuer the authenticated CDS client ({@code iss}), or null when it was not authenticated
 * @param patient      {@code Patient/<id>} from the context, or null
 * @param status       the HTTP status of the answer
 * @param decisions    what was decided about each order (empty for a refused call)
 */
public record HookCallAnswered(
        String hookInstance,
        String serviceId,
        String hook,
        String clientIssuer,
        String patient,
        int status,
        Instant receivedAt,
        long durationMillis,
        List<OrderDecision> decisions) {

    public HookCallAnswered {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /**
     * What one policy decided about one order.
     *
     * @param covered             the covered code asserted, or null when the policy answered with cards only
     * @param coverageAssertionId the id of the coverage-information written on the order, or null
     */
    public record OrderDecision(
            String order, String policy, String policyVersion, String covered, String coverageAssertionId) {}
}
