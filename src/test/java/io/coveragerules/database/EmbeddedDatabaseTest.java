package io.coveragerules.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default: a data directory that is kept uses durable settings (every acknowledged commit is on disk);
 * and a PostgreSQL that a killed server left running on the directory does not stop the next start.
 */
class EmbeddedDatabaseTest {

    private final EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();

    @TempDir
    Path folder;

    @Test
    void theDefaultFlushesEveryCommitToDisk() throws Exception {
        try (EmbeddedPostgres postgres =
                configuration.embeddedPostgres(new EmbeddedDatabaseProperties(folder.resolve("pg"), true))) {
            assertThat(setting(postgres, "fsync")).isEqualTo("on");
            assertThat(setting(postgres, "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void testsMaySwitchDurabilityOffForSpeed() throws Exception {
        try (EmbeddedPostgres postgres =
                configuration.embeddedPostgres(new EmbeddedDatabaseProperties(folder.resolve("pg"), false))) {
            assertThat(setting(postgres, "fsync")).isEqualTo("off");
        }
    }

    @Test
    void aPostgresLeftRunningOnTheDataDirectoryIsStoppedAndTheServerStarts() throws Exception {
        Path directory = folder.resolve("pg");
        EmbeddedDatabaseProperties properties = new EmbeddedDatabaseProperties(directory, false);
        Path binaries;
        try (EmbeddedPostgres first = configuration.embeddedPostgres(properties)) {
            binaries = Path.of(StalePostmaster.running(directory.toAbsolutePath())
                            .orElseThrow()
                            .info()
                            .command()
                            .orElseThrow())
                    .getParent();
        }
        // What a kill -9 of the server leaves: its PostgreSQL still running on the directory, owned by no one.
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // started as the embedded library starts it (in a user namespace, as PostgreSQL refuses to run as root)
        Process pgCtl = new ProcessBuilder(
                        "unshare",
                        "-U",
                        binaries.resolve("pg_ctl").toString(),
                        "-D",
                        directory.toAbsolutePath().toString(),
                        "-o",
                        "-p " + port + " -F",
                        "-w",
                        "start")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("pg_ctl.log").toFile())
                .start();
        assertThat(pgCtl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        ProcessHandle orphan =
                StalePostmaster.running(directory.toAbsolutePath()).orElseThrow();
        assertThat(Files.exists(directory.resolve("postmaster.pid"))).isTrue();

        try (EmbeddedPostgres restarted = configuration.embeddedPostgres(properties)) {
            assertThat(orphan.isAlive()).isFalse();
            assertThat(setting(restarted, "fsync")).isEqualTo("off");
        }
    }

    private static String setting(EmbeddedPostgres postgres, String name) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet result = connection.createStatement().executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}
