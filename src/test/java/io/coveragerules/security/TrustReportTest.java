package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the log says at start-up about whom the server trusts, when that is nobody or the published demo key. */
class TrustReportTest {

    private static final List<String> ALGORITHMS = List.of("ES384");
    private static final ExpectedAudiences CONFIGURED = new ExpectedAudiences(List.of("https://crd.payer.example"));

    @Test
    void aServerThatTrustsNoClientSaysThatEveryHookCallIsRefused() {
        TrustReport report = new TrustReport(
                new CdsClientSecurityProperties(true, Duration.ofSeconds(60), ALGORITHMS, List.of()),
                new FhirSecurityProperties(true, List.of()),
                List.of(),
                CONFIGURED);

        assertThat(report.warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("No CDS client is trusted")
                        .contains("401")
                        .contains("--spring.profiles.active=demo"))
                .anySatisfy(w -> assertThat(w).contains("fhir.security.issuers is empty"));
    }

    @Test
    void theDemoProfileIsNamedAsNeverForProduction() {
        TrustReport report = new TrustReport(
                new CdsClientSecurityProperties(true, Duration.ofSeconds(60), ALGORITHMS, List.of()),
                new FhirSecurityProperties(true, List.of()),
                List.of(new TrustedClientKeys("https://demo.example", new ImmutableJWKSet<>(new JWKSet()))),
                CONFIGURED);

        assertThat(report.warnings()).singleElement().asString().contains("Never use the demo profile in production");
    }

    @Test
    void aConfiguredServerSaysNothing() {
        TrustReport report = new TrustReport(
                new CdsClientSecurityProperties(
                        true,
                        Duration.ofSeconds(60),
                        ALGORITHMS,
                        List.of(new CdsClientSecurityProperties.TrustedClient(
                                "https://ehr.example", "https://ehr.example/jwks", List.of()))),
                new FhirSecurityProperties(
                        true,
                        List.of(new FhirSecurityProperties.Issuer(
                                "https://auth.example", "https://auth.example/jwks", null))),
                List.of(),
                CONFIGURED);

        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void anUnsetPublicBaseUrlIsReported() {
        TrustReport report = new TrustReport(
                new CdsClientSecurityProperties(
                        true,
                        Duration.ofSeconds(60),
                        ALGORITHMS,
                        List.of(new CdsClientSecurityProperties.TrustedClient(
                                "https://ehr.example", "https://ehr.example/jwks", List.of()))),
                new FhirSecurityProperties(false, List.of()),
                List.of(),
                new ExpectedAudiences(List.of()));

        assertThat(report.warnings()).singleElement().asString().contains("crd.public-base-url is not set");
    }
}
