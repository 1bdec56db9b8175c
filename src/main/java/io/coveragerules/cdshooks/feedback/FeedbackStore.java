package io.coveragerules.cdshooks.feedback;

import java.util.List;

/** Keeps card feedback. Feedback may arrive more than once for the same card: saving is idempotent. */
public interface FeedbackStore {

    void save(CardFeedback feedback);

    List<CardFeedback> forCard(String cardUuid);
}
