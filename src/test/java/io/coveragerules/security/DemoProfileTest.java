package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With the profile {@code demo}, the demo client's published key is trusted for hook calls and FHIR access tokens. */
class DemoProfileTest extends DemoServerTest {

    @Test
    void theDemoClientSignsAnOrderSignThatIsAnswered() throws Exception {
        String service = url("/cds-services/order-sign-crd");
        HttpResponse<String> answer = send(request("/cds-services/order-sign-crd")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DemoClient.clientToken(service))
                .POST(HttpRequest.BodyPublishers.ofString(DemoClient.orderSign())));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(answer.body()).path("cards").isArray())
                .isTrue();
    }

    @Test
    void theDemoIssuerSignsFhirAccessTokens() throws Exception {
        HttpResponse<String> search = send(request("/fhir/QuestionnaireResponse?patient=demo")
                .header("Authorization", "Bearer " + DemoClient.accessToken("system/QuestionnaireResponse.rs")));

        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
    }
}
