package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Browsers: the CDS Hooks sandbox and SMART DTR apps call /cds-services and /fhir from their own origin (issue 10,
 * point 8). Here the demo profile's origins are allowed (crd.cors.allowed-origins), and authentication is on: a
 * preflight carries no token and must still be answered.
 */
class CrossOriginTest extends DemoServerTest {

    private static final String SANDBOX = "https://sandbox.cds-hooks.org";

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredBeforeAuthentication() throws Exception {
        HttpResponse<String> preflight = preflight("/cds-services/order-sign-crd", "http://localhost:3000");

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://localhost:3000");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValueSatisfying(methods -> assertThat(methods).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValueSatisfying(headers -> assertThat(headers)
                        .containsIgnoringCase("Authorization")
                        .containsIgnoringCase("Content-Type"));
    }

    @Test
    void aPreflightToTheFhirServerFromTheSandboxIsAnswered() throws Exception {
        HttpResponse<String> preflight = preflight("/fhir/QuestionnaireResponse", SANDBOX);

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(SANDBOX);
    }

    @Test
    void aPreflightFromARefusedOriginIs403WithoutAllowOrigin() throws Exception {
        HttpResponse<String> preflight = preflight("/cds-services/order-sign-crd", "https://attacker.example");

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    @Test
    void anActualCrossOriginCallIsAnsweredWithAllowOrigin() throws Exception {
        HttpResponse<String> metadata =
                send(request("/fhir/metadata").header("Origin", SANDBOX).GET());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SANDBOX);

        HttpResponse<String> discovery = send(request("/cds-services")
                .header("Origin", SANDBOX)
                .header("Authorization", "Bearer " + DemoClient.clientToken(url("/cds-services")))
                .GET());
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(SANDBOX);
    }

    @Test
    void aRefusalCanBeReadByTheBrowser() throws Exception {
        HttpResponse<String> refused = send(request("/cds-services/order-sign-crd")
                .header("Origin", SANDBOX)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SANDBOX);
        assertThat(refused.body()).contains("CDS-401-missing");
    }

    private HttpResponse<String> preflight(String path, String origin) throws Exception {
        return send(request(path)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }
}
