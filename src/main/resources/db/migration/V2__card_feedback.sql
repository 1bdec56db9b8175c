-- CDS Hooks feedback on cards: what clinicians did with them (accepted, or overridden and why).
CREATE TABLE card_feedback (
    id                      bigserial   PRIMARY KEY,
    service_id              text        NOT NULL,
    card                    text        NOT NULL,
    outcome                 text        NOT NULL,
    accepted_suggestions    text[]      NOT NULL DEFAULT '{}',
    override_reason         text,
    override_reason_display text,
    user_comment            text,
    outcome_timestamp       timestamptz NOT NULL,
    received_at             timestamptz NOT NULL DEFAULT now(),
    -- CDS Hooks: feedback may arrive more than once for the same card; a repeat replaces the earlier copy.
    UNIQUE (card, outcome, outcome_timestamp)
);
