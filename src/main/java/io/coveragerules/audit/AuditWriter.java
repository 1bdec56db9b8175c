package io.coveragerules.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.cdshooks.events.HookCallAnswered;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit records on one background thread, in batches (one JDBC batch and one commit per batch instead of one
 * autocommit insert per call), from a bounded buffer. What can be lost is bounded and counted: a full buffer (the
 * database slow or down) drops new records into {@code crd_audit_dropped_total}; a failed batch is kept and retried;
 * a graceful stop writes everything buffered before the database pool closes (bounded by
 * {@code crd.audit.drain-timeout}); a kill -9 loses what was buffered, at most {@code buffer-capacity} plus one batch.
 */
@Component
class AuditWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final String INSERT = """
            INSERT INTO hook_audit (hook_instance, service_id, hook, client_issuer, patient, status, received_at,
                                    duration_ms, decisions, coverage_assertion_ids)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""";
    /** A batch waiting on a lock longer than this is retried, so a stop is never stuck behind one statement. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;

    private final BlockingQueue<HookCallAnswered> buffer;
    private final AuditSettings settings;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json = new ObjectMapper();
    private final Counter dropped;
    private final Counter written;

    private volatile Thread thread;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile boolean stopping;

    AuditWriter(DataSource dataSource, AuditSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.buffer = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.dropped = Counter.builder("crd.audit.dropped")
                .description("Audit records dropped: buffer full (database slow or down) or not written by the end of"
                        + " a graceful stop")
                .register(metrics);
        this.written = Counter.builder("crd.audit.written")
                .description("Audit records written")
                .register(metrics);
        Gauge.builder("crd.audit.backlog", buffer, BlockingQueue::size)
                .description("Audit records waiting to be written")
                .register(metrics);
    }

    /** Never blocks the caller: a record that does not fit is dropped and counted. */
    void offer(HookCallAnswered answered) {
        if (!buffer.offer(answered)) {
            dropped.increment();
        }
    }

    /** Records waiting to be written. */
    int backlog() {
        return buffer.size();
    }

    @Override
    public void start() {
        stopping = false;
        stopDeadline = Long.MAX_VALUE;
        Thread writer = new Thread(this::run, "audit-writer");
        writer.setDaemon(true);
        thread = writer;
        writer.start();
    }

    /**
     * Runs after the web server has stopped (a lower phase stops later), so no new record arrives, and before the
     * database pool closes (beans are destroyed after every lifecycle has stopped).
     */
    @Override
    public void stop() {
        Thread writer = thread;
        if (writer == null) {
            return;
        }
        stopDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
        stopping = true;
        try {
            writer.join(settings.drainTimeout().toMillis() + (STATEMENT_TIMEOUT_SECONDS + 1) * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void run() {
        List<HookCallAnswered> batch = new ArrayList<>(settings.batchSize());
        boolean failing = false;
        while (true) {
            if (batch.isEmpty()) {
                HookCallAnswered first = poll();
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, settings.batchSize() - 1);
            }
            try {
                write(batch);
                written.increment(batch.size());
                batch.clear();
                if (failing) {
                    log.info("Audit records are written again; {} waiting", buffer.size());
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn(
                            "Audit records cannot be written ({}); retrying, {} waiting",
                            e.getClass().getSimpleName(),
                            buffer.size() + batch.size());
                    failing = true;
                }
                if (stopping && System.nanoTime() > stopDeadline) {
                    int lost = batch.size() + buffer.size();
                    dropped.increment(lost);
                    log.error("Stopping with {} audit records not written (crd.audit.drain-timeout passed)", lost);
                    buffer.clear();
                    return;
                }
                pause();
            }
        }
    }

    private HookCallAnswered poll() {
        try {
            return buffer.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<HookCallAnswered> batch) {
        List<String> decisions = batch.stream().map(this::decisions).toList();
        transactions.executeWithoutResult(tx -> jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                HookCallAnswered answered = batch.get(i);
                statement.setString(1, bounded(answered.hookInstance())); // a refused call's claim may be anything
                statement.setString(2, answered.serviceId());
                statement.setString(3, answered.hook());
                statement.setString(4, answered.clientIssuer());
                statement.setString(5, answered.patient());
                statement.setInt(6, answered.status());
                statement.setTimestamp(7, Timestamp.from(answered.receivedAt()));
                statement.setLong(8, answered.durationMillis());
                statement.setString(9, decisions.get(i));
                statement.setArray(10, statement.getConnection().createArrayOf("text", assertionIds(answered)));
            }

            @Override
            public int getBatchSize() {
                return batch.size();
            }
        }));
    }

    private String decisions(HookCallAnswered answered) {
        try {
            return json.writeValueAsString(answered.decisions());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit decisions are plain records", e);
        }
    }

    private static Object[] assertionIds(HookCallAnswered answered) {
        return answered.decisions().stream()
                .map(HookCallAnswered.OrderDecision::coverageAssertionId)
                .filter(Objects::nonNull)
                .toArray();
    }

    private static String bounded(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }
}
