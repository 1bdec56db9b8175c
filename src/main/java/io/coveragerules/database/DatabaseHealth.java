package io.coveragerules.database;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The database's health as {@code /actuator/health} shows it (component {@code database}), answered at once from the
 * last probe: a probe on its own thread every second, each bounded by the pool's connection timeout, so a database
 * that hangs never makes the health endpoint hang. A database that is down is {@code DEGRADED} (HTTP 200), not
 * {@code DOWN}: hook calls (order-sign) are still answered without it, so the pod stays in the load balancer while
 * QuestionnaireResponse and feedback writes answer 503; readiness and health say what is down.
 */
@Component("database")
class DatabaseHealth implements HealthIndicator, DisposableBean {

    static final Status DEGRADED = new Status(
            "DEGRADED",
            "The database is not reachable: hook calls are answered, "
                    + "QuestionnaireResponses, feedback and the audit trail's reads are not (503)");
    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "database-health");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Health last =
            Health.unknown().withDetail("reason", "not probed yet").build();
    private volatile Instant downSince;

    DatabaseHealth(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        probe.scheduleWithFixedDelay(this::check, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        return last;
    }

    void check() {
        boolean reachable;
        try (Connection connection = dataSource.getConnection()) {
            reachable = connection.isValid(1);
        } catch (Exception e) {
            reachable = false;
        }
        if (reachable) {
            if (downSince != null) {
                log.info("The database is reachable again (down since {})", downSince);
                downSince = null;
            }
            last = Health.up().build();
        } else {
            if (downSince == null) {
                downSince = clock.instant();
                log.warn("The database is not reachable");
            }
            last = Health.status(DEGRADED)
                    .withDetail("reason", "database not reachable")
                    .withDetail("since", downSince.toString())
                    .build();
        }
    }

    @Override
    public void destroy() {
        probe.shutdownNow();
    }
}
