package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.CoverageRulesServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default keeps its data: a QuestionnaireResponse stored before the server stops is found, with the same
 * version, after it starts again in the same folder.
 */
class RestartSurvivalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void aResponseStoredBeforeARestartIsFoundAfterItWithTheSameVersion() throws Exception {
        String body = QuestionnaireResponseStorageTest.response(
                        UUID.randomUUID().toString())
                .toString();
        String id;
        JsonNode before;
        try (ConfigurableApplicationContext server = start()) {
            HttpResponse<String> created = HTTP.send(
                    HttpRequest.newBuilder(uri(server, "/fhir/QuestionnaireResponse"))
                            .header("Content-Type", "application/fhir+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = JSON.readTree(created.body()).path("id").asText();
            before = read(server, id);
        }

        try (ConfigurableApplicationContext restarted = start()) {
            JsonNode after = read(restarted, id);
            assertThat(after.at("/meta/versionId").asText()).isEqualTo("1");
            assertThat(after).isEqualTo(before);
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments: they outrank application.yml (builder "properties" are only defaults).
        return new SpringApplicationBuilder(CoverageRulesServer.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--crd.database.embedded.directory=" + folder.resolve("postgres"),
                        "--crd.warm-up.requests=0",
                        "--cdshooks.security.enabled=false",
                        "--fhir.security.enabled=false");
    }

    private static JsonNode read(ConfigurableApplicationContext server, String id) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri(server, "/fhir/QuestionnaireResponse/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI uri(ConfigurableApplicationContext server, String path) {
        return URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port") + path);
    }
}
