package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The audience a client JWT must carry comes from configuration or from this server's own socket, never from what
 * the request says its host is (Host, X-Forwarded-Host): a token minted for another service stays refused.
 */
class ExpectedAudiencesTest {

    private static final String PATH = "/cds-services/order-sign-crd";

    @Test
    void configuredPublicBaseUrlsAreTheOnlyAudiences() {
        ExpectedAudiences audiences =
                new ExpectedAudiences(List.of("https://crd.payer.example/", "https://crd-internal.payer.example"));

        assertThat(audiences.of(requestNamedBy("crd.payer.example")))
                .containsExactly("https://crd.payer.example" + PATH, "https://crd-internal.payer.example" + PATH);
    }

    @Test
    void theHostTheRequestNamesIsNeverAnAudience() {
        MockHttpServletRequest request = requestNamedBy("other-service.example.org");
        request.addHeader("X-Forwarded-Host", "other-service.example.org");

        assertThat(new ExpectedAudiences(List.of()).of(request))
                .noneMatch(audience -> audience.contains("other-service"))
                .noneMatch(audience -> audience.contains(":443"));
        assertThat(new ExpectedAudiences(List.of("https://crd.payer.example")).of(request))
                .noneMatch(audience -> audience.contains("other-service"));
    }

    @Test
    void unconfiguredTheServerIsNamedByLoopbackOrItsOwnAddressOnItsOwnPort() {
        assertThat(new ExpectedAudiences(List.of()).of(requestNamedBy("other-service.example.org")))
                .containsExactly(
                        "http://localhost:8080" + PATH,
                        "http://127.0.0.1:8080" + PATH,
                        "http://[::1]:8080" + PATH,
                        "http://10.0.0.5:8080" + PATH);
    }

    /** A request that arrived on 10.0.0.5:8080 and names {@code host} (port 443) in its Host header. */
    private static MockHttpServletRequest requestNamedBy(String host) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
        request.setServerName(host);
        request.setServerPort(443);
        request.addHeader("Host", host);
        request.setLocalAddr("10.0.0.5");
        request.setLocalPort(8080);
        return request;
    }
}
