package io.coveragerules.cdshooks.crd;

import io.coveragerules.coverage.PolicyReference;
import org.springframework.stereotype.Component;

/** Where a card or a coverage assertion sends the clinician to read a policy. */
@Component
class PolicyLinks {

    private final CrdProperties properties;

    public PolicyLinks(CrdProperties properties) {
        this.properties = properties;
    }

    /** The payer's configured URL of the policy, or the copy this server serves (so no card carries a dead link). */
    public String documentUrl(PolicyReference policy) {
        String configured = properties.policyDocumentUrls().get(policy.number());
        if (configured != null) {
            return configured;
        }
        return properties.linkBase() + "/policies/" + policy.number();
    }
}
