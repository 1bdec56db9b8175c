package io.coveragerules.audit;

import io.coveragerules.cdshooks.events.HookCallAnswered;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every answered hook call, so that the payer can show in a dispute what it answered, when, to whom and under
 * which policy version. On the request thread it only hands the event to the bounded buffer (no serialisation, no
 * database): {@link AuditWriter} writes it in batches on its own thread.
 */
@Component
class AuditTrail {

    private final AuditWriter writer;

    AuditTrail(AuditWriter writer) {
        this.writer = writer;
    }

    @EventListener
    void record(HookCallAnswered answered) {
        writer.offer(answered);
    }
}
