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

    static final String TOPIC_SYSTEM = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
    /** The DTR launch card is about coverage: CRD's card types have none for documentation forms. */
    static final String DTR_APP_TOPIC = "coverage-info";

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

    /** The card that launches the DTR app for an order whose coverage information asks for documentation. */
    public CdsJson.Card dtrApp(CdsJson.Link link, Resource order, boolean disambiguate) {
        String detail = "Opens %s's documentation form (Da Vinci DTR) for this order, pre-filled from the patient's"
                        .formatted(properties.payer().name())
                + " record; the completed form is stored in the EHR and sent to the payer.";
        if (disambiguate) {
            detail += "\n\nApplies to the order " + OrderLabel.of(order) + ".";
        }
        return new CdsJson.Card(
                UUID.randomUUID().toString(),
                "Complete the payer's documentation form for this order",
                detail,
                "info",
                new CdsJson.Source(
                        properties.payer().name(),
                        null,
                        new CdsJson.Coding(TOPIC_SYSTEM, DTR_APP_TOPIC, "Coverage Information")),
                List.of(link));
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
