package io.coveragerules.database;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes a table's rows received before a cut-off, on one replica at a time: the purge runs under a PostgreSQL
 * advisory lock (session-level, on the connection doing the deletes; released when it ends, or when that connection
 * dies), and a replica that does not get it skips its turn. Deletes go in bounded batches so no statement holds the
 * table long. The tables it is used on have an {@code id} and a {@code received_at} column.
 */
public final class RetentionPurge {

    /** The advisory-lock namespace of retention purges; each table has its own key within it. */
    public static final int LOCK_NAMESPACE = 0x5254;

    private static final int BATCH = 10_000;

    private final JdbcTemplate jdbc;

    public RetentionPurge(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param table   a table name of this server's schema (a constant of the caller's, never input)
     * @param lockKey the table's key within {@link #LOCK_NAMESPACE}
     * @return rows deleted, or -1 when another replica holds the table's purge lock
     */
    public long deleteReceivedBefore(String table, Instant cutoff, int lockKey) {
        return jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_NAMESPACE);
                lock.setInt(2, lockKey);
                try (var result = lock.executeQuery()) {
                    if (!result.next() || !result.getBoolean(1)) {
                        return -1L;
                    }
                }
            }
            long deleted = 0;
            try (var delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id IN (SELECT id FROM "
                    + table + " WHERE received_at < ? LIMIT " + BATCH + ")")) {
                int batch;
                do {
                    delete.setTimestamp(1, Timestamp.from(cutoff));
                    batch = delete.executeUpdate();
                    deleted += batch;
                } while (batch == BATCH);
            } finally {
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, LOCK_NAMESPACE);
                    unlock.setInt(2, lockKey);
                    unlock.execute();
                }
            }
            return deleted;
        });
    }
}
