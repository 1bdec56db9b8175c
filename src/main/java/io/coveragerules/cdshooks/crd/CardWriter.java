package io.coveragerules.cdshooks.crd;

import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.coverage.Outcome;
import io.coveragerules.coverage.PolicyReference;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** Writes a policy outcome's card as a CDS Hooks card that follows CRD's card rules. */
@Component
class CardWriter {

    private final CrdProperties properties;
    private final PolicyLinks policyLinks;

    public CardWriter(CrdProperties properties, PolicyLinks policyLinks) {
        this.properties = properties;
        this.policyLinks = policyLinks;
    }

    /**
     * @param disambiguate whether the call carried several orders: CRD then wants the detail to say, in words, which
     *                     order the card is about
     */
    public CdsJson.Card write(Outcome.Card card, PolicyReference policy, Resource order, boolean disambiguate) {
        return write(card, policy, order, disambiguate, null);
    }

    /** @param unreadDataNote says which data could not be read from the EHR (the card was decided without it), or null */
    public CdsJson.Card write(
            Outcome.Card card, PolicyReference policy, Resource order, boolean disambiguate, String unreadDataNote) {
        String detail = card.detail();
        if (disambiguate) {
            detail = (detail == null ? "" : detail + "\n\n") + "Applies to the order " + OrderLabel.of(order) + ".";
        }
        if (unreadDataNote != null) {
            detail = (detail == null ? "" : detail + "\n\n") + unreadDataNote;
        }
        List<CdsJson.Link> links = card.links().stream()
                .map(link -> new CdsJson.Link(
                        link.label(), link.policyDocument() ? policyLinks.documentUrl(policy) : link.url(), "absolute"))
                .toList();
        // CRD: every card has a uuid, source.label is the insurer's name and source.topic the card type.
        return new CdsJson.Card(
                UUID.randomUUID().toString(),
                card.summary(),
                detail,
                indicator(card.priority()),
                new CdsJson.Source(
                        properties.payer().name(),
                        null,
                        new CdsJson.Coding(card.topicSystem(), card.topicCode(), card.topicDisplay())),
                links);
    }

    public String payerName() {
        return properties.payer().name();
    }

    /** FHIR request priority to CDS Hooks indicator, the mapping CDS-on-FHIR (CPG) uses. */
    static String indicator(String priority) {
        return switch (priority) {
            case "urgent" -> "warning";
            case "asap", "stat" -> "critical";
            default -> "info";
        };
    }
}
