package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * X-Forwarded-* headers are honoured only from configured proxies ({@code server.tomcat.remoteip.internal-proxies},
 * none by default): from anyone else, here a client on loopback (which Tomcat would trust by default), they change
 * nothing the server says about itself, such as the links in its cards.
 */
class ForwardedHeadersTest extends ServerTest {

    @Test
    void forwardingHeadersFromAnUnconfiguredAddressAreIgnored() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/cds-services/order-sign-crd"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-Host", "attacker.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString(DemoClient.orderSign())));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .contains("http://localhost:" + port + "/policies/6.01.68")
                .doesNotContain("attacker.example");
    }
}
