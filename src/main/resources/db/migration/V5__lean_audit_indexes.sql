-- The audit table takes one row per hook call: its indexes are what each insert pays for. Keep only what the
-- AuditEvent searches and the retention purge read, each in its smallest form.

-- coverage-assertion-id / entity-name: GIN over the array, only for rows that carry one (refused calls and
-- cards-only answers carry none); the search repeats the predicate so the planner can use it.
DROP INDEX hook_audit_assertions;
CREATE INDEX hook_audit_assertions ON hook_audit USING gin (coverage_assertion_ids) WHERE coverage_assertion_ids <> '{}';

-- hook-instance: equality only, so a hash index (4 bytes a row instead of the whole text).
DROP INDEX hook_audit_hook_instance;
CREATE INDEX hook_audit_hook_instance ON hook_audit USING hash (hook_instance);

-- received_at: read only by the retention purge; rows arrive in time order, so a BRIN index (a few pages) suffices.
DROP INDEX hook_audit_received_at;
CREATE INDEX hook_audit_received_at ON hook_audit USING brin (received_at);

CREATE INDEX card_feedback_received_at ON card_feedback USING brin (received_at);
