-- JWT ids already used by CDS clients, kept until the token expires: a replay to any replica is refused.
CREATE TABLE jwt_replay (
    issuer     text        NOT NULL,
    jti        text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, jti)
);
CREATE INDEX jwt_replay_expires_at ON jwt_replay (expires_at);
