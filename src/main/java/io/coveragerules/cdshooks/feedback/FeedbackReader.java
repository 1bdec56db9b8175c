package io.coveragerules.cdshooks.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.cdshooks.CdsRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks a CDS Hooks 2.0 feedback request body. */
public final class FeedbackReader {

    private FeedbackReader() {}

    public static List<CardFeedback> read(String serviceId, JsonNode body) {
        if (body == null
                || !body.isObject()
                || !body.path("feedback").isArray()
                || body.path("feedback").isEmpty()) {
            throw invalid("The body must be {\"feedback\": [ ... ]} with at least one entry (CDS Hooks 2.0 Feedback).");
        }
        List<CardFeedback> feedback = new ArrayList<>();
        int index = 0;
        for (JsonNode item : body.get("feedback")) {
            String where = "feedback[" + index++ + "]";
            String card = text(item, "card", where);
            String outcome = text(item, "outcome", where);
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                throw invalid("%s.outcome must be 'accepted' or 'overridden'.".formatted(where));
            }
            List<String> accepted = new ArrayList<>();
            item.path("acceptedSuggestions")
                    .forEach(s -> accepted.add(s.path("id").asText()));
            if (outcome.equals("accepted") && accepted.isEmpty()) {
                throw invalid("%s: an 'accepted' outcome needs acceptedSuggestions (the ids of the suggestions taken)."
                        .formatted(where));
            }
            JsonNode reason = item.path("overrideReason");
            if (!reason.isMissingNode() && !outcome.equals("overridden")) {
                throw invalid("%s: overrideReason goes only with an 'overridden' outcome.".formatted(where));
            }
            JsonNode coding = reason.path("reason");
            String reasonCode = coding.has("code")
                    ? coding.path("system").asText() + "|" + coding.path("code").asText()
                    : null;
            Instant timestamp;
            try {
                timestamp = Instant.parse(text(item, "outcomeTimestamp", where));
            } catch (DateTimeParseException e) {
                throw invalid("%s.outcomeTimestamp must be an ISO 8601 UTC instant such as 2026-11-24T10:15:30Z."
                        .formatted(where));
            }
            feedback.add(new CardFeedback(
                    serviceId,
                    card,
                    outcome,
                    accepted,
                    reasonCode,
                    coding.has("display") ? coding.path("display").asText() : null,
                    reason.has("userComment") ? reason.path("userComment").asText() : null,
                    timestamp));
        }
        return feedback;
    }

    private static String text(JsonNode item, String field, String where) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("%s.%s is required and must be a string.".formatted(where, field));
        }
        return value.asText();
    }

    private static CdsRequestException invalid(String message) {
        return CdsRequestException.badRequest("CDS-400-FEEDBACK", message);
    }
}
