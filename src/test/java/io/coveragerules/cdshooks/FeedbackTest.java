package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import io.coveragerules.cdshooks.feedback.CardFeedback;
import io.coveragerules.cdshooks.feedback.FeedbackStore;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** CDS Hooks 2.0 feedback: accepted and overridden outcomes are kept, with their override reasons. */
class FeedbackTest extends ServerTest {

    @Autowired
    FeedbackStore store;

    @Test
    void anOverrideWithItsReasonIsKept() throws Exception {
        String card = UUID.randomUUID().toString();
        HttpResponse<String> response = postJson("/cds-services/order-sign-crd/feedback", """
                {"feedback": [{"card": "%s", "outcome": "overridden", "outcomeTimestamp": "2026-11-24T10:15:30Z",
                  "overrideReason": {"reason": {"system": "http://example.org/override", "code": "trial",
                    "display": "Patient enrolled in a clinical trial"}, "userComment": "DIRECT trial"}}]}
                """.formatted(card));

        assertThat(response.statusCode()).isEqualTo(200);
        CardFeedback kept = store.forCard(card).get(0);
        assertThat(kept.outcome()).isEqualTo("overridden");
        assertThat(kept.serviceId()).isEqualTo("order-sign-crd");
        assertThat(kept.overrideReason()).isEqualTo("http://example.org/override|trial");
        assertThat(kept.overrideReasonDisplay()).isEqualTo("Patient enrolled in a clinical trial");
        assertThat(kept.userComment()).isEqualTo("DIRECT trial");
    }

    @Test
    void anAcceptedOutcomeIsKeptOnceEvenWhenSentTwice() throws Exception {
        String card = UUID.randomUUID().toString();
        String body = """
                {"feedback": [{"card": "%s", "outcome": "accepted", "acceptedSuggestions": [{"id": "s-1"}],
                  "outcomeTimestamp": "2026-11-24T10:15:30Z"}]}
                """.formatted(card);

        assertThat(postJson("/cds-services/order-sign-crd/feedback", body).statusCode())
                .isEqualTo(200);
        assertThat(postJson("/cds-services/order-sign-crd/feedback", body).statusCode())
                .isEqualTo(200);

        assertThat(store.forCard(card))
                .singleElement()
                .satisfies(f -> assertThat(f.acceptedSuggestions()).containsExactly("s-1"));
    }

    @Test
    void malformedFeedbackIsA400ThatSaysWhatIsWrong() throws Exception {
        HttpResponse<String> response = postJson(
                "/cds-services/order-sign-crd/feedback",
                "{\"feedback\": [{\"card\": \"x\", \"outcome\": \"ignored\", \"outcomeTimestamp\": \"2026-11-24T10:15:30Z\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/issue/0/diagnostics").asText())
                .contains("feedback[0].outcome must be 'accepted' or 'overridden'");
    }

    @Test
    void feedbackForAnUnknownServiceIsA404() throws Exception {
        assertThat(postJson("/cds-services/nope/feedback", "{\"feedback\": []}").statusCode())
                .isEqualTo(404);
    }
}
