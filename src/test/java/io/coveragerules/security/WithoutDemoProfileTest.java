package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.CoverageRulesServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server started as shipped, without the profile {@code demo} and with no trusted client configured (issue 11,
 * point 2): the published demo key is not trusted, the log says why every hook call is refused, and the warm-up before
 * ready still passes client authentication (it carries its own start-up secret, not a key).
 */
@ExtendWith(OutputCaptureExtension.class)
class WithoutDemoProfileTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noClientIsTrustedTheLogSaysSoAndEveryHookCallIs401(CapturedOutput output) throws Exception {
        // Command-line arguments, as an operator would start it; nothing but ports, data folder and warm-up size.
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(CoverageRulesServer.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--crd.database.embedded.directory=target/test-postgres-no-demo",
                        "--crd.warm-up.requests=3")) {
            assertThat(output.getOut())
                    .contains("No CDS client is trusted (cdshooks.security.trusted-clients is empty)")
                    .contains("No authorization server is trusted for FHIR access tokens")
                    .containsPattern(
                            "Warm-up: \\d+ order-sign calls from \\d+ threads in \\d+ ms \\(0 not answered 200\\)")
                    .doesNotContain("Profile demo");

            String service = base(server) + "/cds-services/order-sign-crd";
            HttpResponse<String> signedByDemo = HTTP.send(
                    HttpRequest.newBuilder(URI.create(service))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + DemoClient.clientToken(service))
                            .POST(HttpRequest.BodyPublishers.ofString(DemoClient.orderSign()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedByDemo.statusCode()).isEqualTo(401);
            JsonNode outcome = JSON.readTree(signedByDemo.body());
            assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(outcome.at("/issue/0/details/text").asText()).isEqualTo("CDS-401-issuer");
            assertThat(outcome.at("/issue/0/diagnostics").asText()).contains("cdshooks.security.trusted-clients");

            HttpResponse<String> unsigned = HTTP.send(
                    HttpRequest.newBuilder(URI.create(service))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(DemoClient.orderSign()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(unsigned.body()).contains("CDS-401-missing");

            HttpResponse<String> fhir = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base(server) + "/fhir/QuestionnaireResponse?patient=demo"))
                            .header(
                                    "Authorization",
                                    "Bearer " + DemoClient.accessToken("system/QuestionnaireResponse.rs"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fhir.statusCode())
                    .as("the demo token issuer is not trusted either")
                    .isEqualTo(401);
        }
    }

    private static String base(ConfigurableApplicationContext server) {
        return "http://localhost:"
                + ((WebServerApplicationContext) server).getWebServer().getPort();
    }
}
