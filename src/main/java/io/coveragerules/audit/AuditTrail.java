package io.coveragerules.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.cdshooks.events.HookCallAnswered;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Keeps every answered hook call in PostgreSQL, off the request path (an event listener on its own thread), so that
 * the payer can show in a dispute what it answered, when, to whom and under which policy version.
 */
@Component
class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    AuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static String bounded(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    @Async
    @EventListener
    void record(HookCallAnswered answered) {
        try {
            List<String> assertionIds = answered.decisions().stream()
                    .map(HookCallAnswered.OrderDecision::coverageAssertionId)
                    .filter(Objects::nonNull)
                    .toList();
            String decisions = json.writeValueAsString(answered.decisions());
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("""
                        INSERT INTO hook_audit (hook_instance, service_id, hook, client_issuer, patient, status, received_at,
                                                duration_ms, decisions, coverage_assertion_ids)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""");
                statement.setString(1, bounded(answered.hookInstance())); // a refused call's claim may be anything
                statement.setString(2, answered.serviceId());
                statement.setString(3, answered.hook());
                statement.setString(4, answered.clientIssuer());
                statement.setString(5, answered.patient());
                statement.setInt(6, answered.status());
                statement.setTimestamp(7, Timestamp.from(answered.receivedAt()));
                statement.setLong(8, answered.durationMillis());
                statement.setString(9, decisions);
                statement.setArray(10, connection.createArrayOf("text", assertionIds.toArray()));
                return statement;
            });
        } catch (Exception e) {
            log.error("Audit record of hookInstance={} could not be written", answered.hookInstance(), e);
        }
    }
}
