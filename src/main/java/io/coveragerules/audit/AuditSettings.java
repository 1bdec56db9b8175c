package io.coveragerules.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit trail buffers and writes.
 *
 * @param bufferCapacity records waiting for the writer, at most; past it a record is dropped and counted
 *                       ({@code crd_audit_dropped_total}), so a database outage cannot exhaust the heap. It is also
 *                       the most a kill -9 can lose (plus one batch being written).
 * @param batchSize      records written per statement batch and transaction
 * @param drainTimeout   how long a graceful stop waits for the buffer to be written before it gives up (and counts
 *                       what is left as dropped)
 */
@ConfigurationProperties("crd.audit")
record AuditSettings(
        @DefaultValue("10000") int bufferCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("20s") Duration drainTimeout) {}
