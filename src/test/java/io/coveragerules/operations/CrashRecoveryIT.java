package io.coveragerules.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The server as a process, stopped in the middle of writes (QuestionnaireResponse creates and order-sign calls at
 * once), counted: after a kill -9, every QuestionnaireResponse answered 201 is there and the audit records lost are
 * within the audit buffer's bound; after a SIGTERM, nothing acknowledged is lost at all, audit records included. The
 * embedded default starts again at once after a kill -9, though the killed server's PostgreSQL still held the data.
 */
class CrashRecoveryIT {

    /** {@code crd.audit.buffer-capacity} plus one batch being written: what a kill -9 may cost the audit trail. */
    private static final int AUDIT_LOSS_BOUND = 10_000 + 500;

    private static long count(JdbcTemplate jdbc, String table, String column, Collection<String> keys) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM " + table + " WHERE " + column + " = ANY (?)", Long.class, (Object)
                        keys.toArray(String[]::new));
    }

    @TempDir
    Path folder;

    @Test
    void nothingAcknowledgedIsLostToAKillOrAStopAndTheServerRestartsAtOnce() throws Exception {
        Path data = folder.resolve("postgres");
        Path log = Path.of("target", "crash-recovery-it.log");
        Files.createDirectories(log.getParent());
        AtomicReference<ServerProcess> server = new AtomicReference<>(ServerProcess.start(data, log));
        try {
            WriteLoad beforeKill = new WriteLoad(path -> server.get().uri(path), 2, 2);
            beforeKill.awaitAcknowledged(20, 100, Duration.ofSeconds(60));
            server.get().kill();
            beforeKill.close();

            long restart = System.nanoTime();
            server.set(ServerProcess.start(data, log));
            Duration restartToReady = Duration.ofNanos(System.nanoTime() - restart);
            List<String> lostResponses = WriteLoad.missingResponses(server.get(), beforeKill.responsesAcknowledged);
            List<String> lostAudit = WriteLoad.missingAuditRecords(server.get(), beforeKill.callsAcknowledged);
            System.out.printf(
                    "kill -9: QuestionnaireResponses attempted %d, acknowledged %d, lost %d; hook calls attempted %d,"
                            + " acknowledged %d, audit records lost %d (bound %d); restart to ready %d ms%n",
                    beforeKill.responsesAttempted.get(),
                    beforeKill.responsesAcknowledged.size(),
                    lostResponses.size(),
                    beforeKill.callsAttempted.get(),
                    beforeKill.callsAcknowledged.size(),
                    lostAudit.size(),
                    AUDIT_LOSS_BOUND,
                    restartToReady.toMillis());
            assertThat(beforeKill.responsesAcknowledged)
                    .as("writes acknowledged before the kill")
                    .isNotEmpty();
            assertThat(beforeKill.callsAcknowledged)
                    .as("calls answered before the kill")
                    .isNotEmpty();
            assertThat(lostResponses)
                    .as("QuestionnaireResponses answered 201, then lost")
                    .isEmpty();
            assertThat(lostAudit.size()).isLessThanOrEqualTo(AUDIT_LOSS_BOUND);

            WriteLoad beforeStop = new WriteLoad(path -> server.get().uri(path), 2, 2);
            beforeStop.awaitAcknowledged(20, 100, Duration.ofSeconds(60));
            Duration stop = server.get().terminate();
            beforeStop.close();

            // what the stopped server left in its data directory, read with PostgreSQL itself
            long responsesFound;
            long auditFound;
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .start()) {
                JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
                responsesFound = count(jdbc, "questionnaire_response", "id", beforeStop.responsesAcknowledged);
                auditFound = count(jdbc, "hook_audit", "hook_instance", beforeStop.callsAcknowledged);
            }
            System.out.printf(
                    "SIGTERM: QuestionnaireResponses attempted %d, acknowledged %d, lost %d; hook calls attempted %d,"
                            + " acknowledged %d, audit records lost %d; SIGTERM to exit %d ms%n",
                    beforeStop.responsesAttempted.get(),
                    beforeStop.responsesAcknowledged.size(),
                    beforeStop.responsesAcknowledged.size() - responsesFound,
                    beforeStop.callsAttempted.get(),
                    beforeStop.callsAcknowledged.size(),
                    beforeStop.callsAcknowledged.size() - auditFound,
                    stop.toMillis());
            assertThat(beforeStop.responsesAcknowledged).isNotEmpty();
            assertThat(beforeStop.callsAcknowledged).isNotEmpty();
            assertThat(responsesFound).isEqualTo(beforeStop.responsesAcknowledged.size());
            assertThat(auditFound)
                    .as("hook calls answered 200 with an audit record after a graceful stop")
                    .isEqualTo(beforeStop.callsAcknowledged.size());
        } finally {
            server.get().close();
        }
    }
}
