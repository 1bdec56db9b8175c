-- Every hook call and its answer, kept for disputes (CRD: retain logs of all hook invocations and their responses).
-- References and decisions only: no clinical data from the request is kept.
CREATE TABLE hook_audit (
    id                     bigserial   PRIMARY KEY,
    hook_instance          text,
    service_id             text        NOT NULL,
    hook                   text        NOT NULL,
    client_issuer          text,
    patient                text,
    status                 int         NOT NULL,
    received_at            timestamptz NOT NULL,
    duration_ms            bigint      NOT NULL,
    decisions              jsonb       NOT NULL,
    coverage_assertion_ids text[]      NOT NULL DEFAULT '{}'
);

CREATE INDEX hook_audit_assertions ON hook_audit USING gin (coverage_assertion_ids);
CREATE INDEX hook_audit_hook_instance ON hook_audit (hook_instance);
CREATE INDEX hook_audit_received_at ON hook_audit (received_at);
