package io.coveragerules.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded default database: a real PostgreSQL server started inside the application when no
 * {@code spring.datasource.url} is configured, keeping its data in {@code directory} so that it survives a restart.
 *
 * @param durable {@code true} (the default): every commit is flushed to disk before it is acknowledged (fsync and
 *                synchronous_commit on), so what the server answered survives a crash of the machine too; tests may
 *                switch it off for speed (the embedded library's test settings: fsync off, synchronous_commit off)
 */
@ConfigurationProperties("crd.database.embedded")
record EmbeddedDatabaseProperties(
        @DefaultValue("data/postgres") Path directory,
        @DefaultValue("true") boolean durable) {}
