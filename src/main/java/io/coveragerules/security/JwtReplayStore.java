package io.coveragerules.security;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers each client's {@code jti} until its token expires, in the database all replicas share, so a token
 * replayed to any replica within its lifetime is refused.
 */
@Component
class JwtReplayStore {

    private final JdbcTemplate jdbc;

    JwtReplayStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time this issuer's jti is seen; false for a replay. */
    public boolean firstUse(String issuer, String jti, Instant expiresAt) {
        if (Math.floorMod(jti.hashCode(), 100) == 0) {
            jdbc.update("DELETE FROM jwt_replay WHERE expires_at < now()"); // now and then, forget expired ones
        }
        return jdbc.update(
                        "INSERT INTO jwt_replay (issuer, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        issuer,
                        jti,
                        Timestamp.from(expiresAt))
                == 1;
    }
}
