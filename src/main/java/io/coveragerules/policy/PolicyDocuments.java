package io.coveragerules.policy;

import java.util.Map;
import java.util.Optional;

/** The full text of each policy (PlanDefinition.relatedArtifact of type documentation), by policy number. */
public final class PolicyDocuments {

    /** A document's bytes and media type. */
    public record Document(byte[] content, String contentType) {}

    private final Map<String, Document> byNumber;

    PolicyDocuments(Map<String, Document> byNumber) {
        this.byNumber = Map.copyOf(byNumber);
    }

    public Optional<Document> forPolicy(String number) {
        return Optional.ofNullable(byNumber.get(number));
    }
}
