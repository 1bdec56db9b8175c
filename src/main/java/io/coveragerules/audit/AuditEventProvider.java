package io.coveragerules.audit;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.database.StorageFailures;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail as FHIR AuditEvents at {@code /fhir/AuditEvent}: read by id, search by {@code coverage-assertion-id}
 * (what a claim or a dispute names), by {@code entity-name} (the same id) or by the hook call's {@code hook-instance}.
 */
@Component
class AuditEventProvider implements IResourceProvider {

    private static final StorageFailures STORAGE = new StorageFailures("The audit trail", "retry later.");

    private static final String ENTITY_TYPES = "http://coverage-rules.example/fhir/CodeSystem/audit-entity";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    AuditEventProvider(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        long key;
        try {
            key = Long.parseLong(id.getIdPart());
        } catch (NumberFormatException e) {
            throw new ResourceNotFoundException(id);
        }
        long row = key;
        return STORAGE
                .guard(() -> jdbc.query("SELECT * FROM hook_audit WHERE id = ?", this::toAuditEvent, row))
                .stream()
                .findFirst()
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public List<AuditEvent> search(
            @OptionalParam(name = "coverage-assertion-id") TokenParam assertion,
            @OptionalParam(name = AuditEvent.SP_ENTITY_NAME) StringParam entityName,
            @OptionalParam(name = "hook-instance") TokenParam hookInstance) {
        if (assertion != null || entityName != null) {
            String id = assertion != null ? assertion.getValue() : entityName.getValue();
            return STORAGE.guard(() -> jdbc.query(
                    "SELECT * FROM hook_audit WHERE coverage_assertion_ids @> ARRAY[?]::text[]"
                            + " AND coverage_assertion_ids <> '{}' ORDER BY id",
                    this::toAuditEvent,
                    id));
        }
        if (hookInstance != null) {
            return STORAGE.guard(() -> jdbc.query(
                    "SELECT * FROM hook_audit WHERE hook_instance = ? ORDER BY id",
                    this::toAuditEvent,
                    hookInstance.getValue()));
        }
        throw new InvalidRequestException("Search AuditEvent by coverage-assertion-id, entity-name or hook-instance");
    }

    private AuditEvent toAuditEvent(ResultSet row, int index) throws SQLException {
        AuditEvent event = new AuditEvent();
        event.setId(Long.toString(row.getLong("id")));
        event.setType(
                new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        event.addSubtype(
                new Coding("http://cds-hooks.hl7.org/hooks", row.getString("hook"), row.getString("service_id")));
        event.setAction(AuditEvent.AuditEventAction.E);
        Date received = new Date(row.getTimestamp("received_at").getTime());
        event.setPeriod(
                new Period().setStart(received).setEnd(new Date(received.getTime() + row.getLong("duration_ms"))));
        event.setRecorded(received);
        int status = row.getInt("status");
        event.setOutcome(
                status < 400
                        ? AuditEvent.AuditEventOutcome._0
                        : status < 500 ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._8);
        event.setOutcomeDesc("HTTP " + status);
        AuditEvent.AuditEventAgentComponent client = event.addAgent().setRequestor(true);
        client.setWho(new Reference()
                .setIdentifier(new Identifier()
                        .setSystem("urn:ietf:rfc:3986")
                        .setValue(
                                row.getString("client_issuer") == null
                                        ? "unauthenticated"
                                        : row.getString("client_issuer"))));
        event.getSource().setObserver(new Reference().setDisplay("Coverage rules server"));
        if (row.getString("hook_instance") != null) {
            event.addEntity()
                    .setName("hookInstance")
                    .setWhat(new Reference()
                            .setIdentifier(new Identifier()
                                    .setSystem("urn:cds-hooks:hookInstance")
                                    .setValue(row.getString("hook_instance"))));
        }
        if (row.getString("patient") != null) {
            event.addEntity()
                    .setWhat(new Reference(row.getString("patient")))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        try {
            for (JsonNode decision : json.readTree(row.getString("decisions"))) {
                AuditEvent.AuditEventEntityComponent entity = event.addEntity()
                        .setWhat(new Reference(decision.path("order").asText()));
                entity.setType(new Coding(ENTITY_TYPES, "coverage-decision", "Coverage decision"));
                if (!decision.path("coverageAssertionId").isNull()) {
                    entity.setName(decision.path("coverageAssertionId").asText());
                }
                entity.addDetail()
                        .setType("policy")
                        .setValue(new StringType(decision.path("policy").asText() + "|"
                                + decision.path("policyVersion").asText()));
                entity.addDetail()
                        .setType("covered")
                        .setValue(new StringType(
                                decision.path("covered").isNull()
                                        ? "no-assertion"
                                        : decision.path("covered").asText()));
            }
        } catch (Exception e) {
            throw new SQLException("unreadable audit decisions of record " + row.getLong("id"), e);
        }
        return event;
    }
}
