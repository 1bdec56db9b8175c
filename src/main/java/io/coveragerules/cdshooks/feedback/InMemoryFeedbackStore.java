package io.coveragerules.cdshooks.feedback;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Feedback kept in memory, per node, until the server has a database (then a shared store replaces this bean). A
 * repeat of the same feedback (card, outcome, timestamp) replaces the earlier copy.
 */
@Component
class InMemoryFeedbackStore implements FeedbackStore {

    private final Map<String, List<CardFeedback>> byCard = new ConcurrentHashMap<>();

    @Override
    public void save(CardFeedback feedback) {
        List<CardFeedback> list = byCard.computeIfAbsent(feedback.card(), c -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            list.removeIf(f -> f.outcome().equals(feedback.outcome()) && Objects.equals(f.outcomeTimestamp(), feedback.outcomeTimestamp()));
            list.add(feedback);
        }
    }

    @Override
    public List<CardFeedback> forCard(String cardUuid) {
        return List.copyOf(byCard.getOrDefault(cardUuid, List.of()));
    }
}
