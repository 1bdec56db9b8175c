package io.coveragerules.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded default database: a real PostgreSQL server started inside the application when no
 * {@code spring.datasource.url} is configured, keeping its data in {@code directory} so that it survives a restart.
 */
@ConfigurationProperties("crd.database.embedded")
record EmbeddedDatabaseProperties(
        @DefaultValue("data/postgres") Path directory) {}
