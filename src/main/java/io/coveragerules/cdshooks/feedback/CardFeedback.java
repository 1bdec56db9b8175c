package io.coveragerules.cdshooks.feedback;

import java.time.Instant;
import java.util.List;

/**
 * What a clinician did with a card (CDS Hooks 2.0 "Feedback"): accepted it (and which suggestions) or overrode it
 * (and why). Overrides of a not-covered answer ("patient enrolled in a clinical trial") are policy analytics.
 *
 * @param overrideReason the reason coding ({@code system|code}) and its display, or null
 */
public record CardFeedback(
        String serviceId,
        String card,
        String outcome,
        List<String> acceptedSuggestions,
        String overrideReason,
        String overrideReasonDisplay,
        String userComment,
        Instant outcomeTimestamp) {

    public CardFeedback {
        acceptedSuggestions = acceptedSuggestions == null ? List.of() : List.copyOf(acceptedSuggestions);
    }
}
