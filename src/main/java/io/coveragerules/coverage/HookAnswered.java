package io.coveragerules.coverage;

import java.time.Instant;
import java.util.List;

/**
 * Published when a hook call has been answered (or refused): what the audit trail keeps for disputes (CRD: "retain
 * logs of all CRD-related hook invocations and their responses"). It holds references and decisions, not the
 * patient's clinical data.
 *
 * @param clientIssuer the authenticated CDS client ({@code iss}), or null when client authentication is off
 * @param status       the HTTP status of the answer
 */
public record HookAnswered(
        String hookInstance,
        String serviceId,
        String hook,
        String clientIssuer,
        String patient,
        int status,
        Instant receivedAt,
        long durationMillis,
        List<OrderDecision> decisions) {

    public HookAnswered {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /**
     * What a policy decided about one order.
     *
     * @param covered             the covered code asserted, or null when the policy answered with cards only
     * @param coverageAssertionId the id of the coverage-information written on the order, or null
     */
    public record OrderDecision(
            String order, String policy, String policyVersion, String covered, String coverageAssertionId) {}
}
