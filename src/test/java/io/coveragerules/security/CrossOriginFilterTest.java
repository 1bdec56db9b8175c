package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Below HTTP: what the CORS filter lets through, for which paths, with nothing open by default. */
class CrossOriginFilterTest {

    private static final String SANDBOX = "https://sandbox.cds-hooks.org";

    @Test
    void byDefaultNoOriginIsAllowed() throws Exception {
        MockHttpServletResponse response = preflight(new CrossOriginFilter(new CorsProperties(null)), "/cds-services");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aConfiguredOriginMayCallTheFhirServletWithItsToken() throws Exception {
        MockHttpServletResponse response =
                preflight(new CrossOriginFilter(new CorsProperties(List.of(SANDBOX))), "/fhir/QuestionnaireResponse");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(SANDBOX);
        assertThat(response.getHeader("Access-Control-Allow-Headers"))
                .containsIgnoringCase("authorization")
                .containsIgnoringCase("content-type");
    }

    @Test
    void otherPathsAreLeftAlone() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/policies/6.01.68");
        request.addHeader("Origin", "https://elsewhere.example");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        new CrossOriginFilter(new CorsProperties(List.of(SANDBOX))).doFilter(request, response, chain);

        assertThat(chain.getRequest()).as("passed on").isNotNull();
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    private static MockHttpServletResponse preflight(CrossOriginFilter filter, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", path);
        request.addHeader("Origin", SANDBOX);
        request.addHeader("Access-Control-Request-Method", "POST");
        request.addHeader("Access-Control-Request-Headers", "authorization,content-type");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
