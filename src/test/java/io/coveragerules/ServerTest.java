package io.coveragerules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP-level tests: the real server on a random port (one Spring context, shared by every subclass),
 * spoken to with a plain HTTP client as an EHR would. EHR FHIR servers on localhost may be contacted (the tests start
 * their own), and one more by its exact base; the payer is identified by the NPI that the test Coverages carry; the database is the embedded default (a
 * real PostgreSQL the build starts), with its data under target/. CDS client authentication is off here.
 */
@AutoConfigureObservability // metrics export as in production (Spring Boot tests switch it off by default)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "crd.payer.identifiers=http://hl7.org/fhir/sid/us-npi|1234567893",
            "crd.database.embedded.directory=target/test-postgres",
            "crd.database.embedded.durable=false", // throw-away data: the fast settings
            // client JWTs and FHIR access tokens have tests of their own (security/CdsClientAuthenticationTest,
            // FhirAccessTest)
            "cdshooks.security.enabled=false",
            "fhir.security.enabled=false"
        })
public abstract class ServerTest {

    /**
     * An EHR allowed by its exact base URL (by address, so not by the {@code localhost} pattern), as an operator would
     * configure one: {@code cdshooks.ExactBaseEhrTest}. One for the JVM, beside the context it configures.
     */
    protected static final TestEhrServer EHR_BY_EXACT_BASE = TestEhrServer.forTheJvm();

    @DynamicPropertySource
    static void allowedEhrs(DynamicPropertyRegistry registry) {
        registry.add(
                "crd.ehr.allowed-fhir-servers", () -> "http://localhost:*," + EHR_BY_EXACT_BASE.baseUrlByAddress());
    }

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    /** The management port (metrics, info and the full health; never the port EHRs call). */
    @LocalManagementPort
    protected int managementPort;

    /**
     * The per-decision log line is DEBUG in production (its cost, issue 13); server tests log it, to check what it
     * carries. Set before each test, not as a property: a Spring context that another test class starts resets levels.
     */
    @BeforeEach
    void logDecisions() {
        LoggingSystem.get(getClass().getClassLoader())
                .setLogLevel("io.coveragerules.cdshooks.crd.CrdResponseWriter", LogLevel.DEBUG);
    }

    protected HttpResponse<String> management(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> postJson(String path, String body) throws Exception {
        return post(path, "application/json", body);
    }

    protected static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
