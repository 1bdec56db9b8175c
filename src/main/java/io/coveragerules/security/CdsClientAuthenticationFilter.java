package io.coveragerules.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every call to {@code /cds-services} (discovery, invocation, feedback) must carry {@code Authorization: Bearer <JWT>}
 * from a trusted CDS client; anything else is a 401 with {@code WWW-Authenticate} and an OperationOutcome naming the
 * check that failed, and nothing is evaluated.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CdsClientAuthenticationFilter extends OncePerRequestFilter {

    private final CdsClientSecurityProperties properties;
    private final ClientTokenVerifier verifier;
    private final MeterRegistry meterRegistry;
    private final ExpectedAudiences audiences;
    private final WarmUpToken warmUp;

    CdsClientAuthenticationFilter(
            CdsClientSecurityProperties properties,
            ClientTokenVerifier verifier,
            MeterRegistry meterRegistry,
            WarmUpToken warmUp,
            ExpectedAudiences audiences) {
        this.warmUp = warmUp;
        this.properties = properties;
        this.verifier = verifier;
        this.meterRegistry = meterRegistry;
        this.audiences = audiences;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !properties.enabled() || !(path.equals("/cds-services") || path.startsWith("/cds-services/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (warmUp.matches(request.getHeader(WarmUpToken.HEADER))) {
            AuthenticatedClient.set(request, "this server (warm-up)");
            chain.doFilter(request, response);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(
                    response,
                    "missing",
                    "Send Authorization: Bearer <JWT> signed by a trusted CDS client (CDS Hooks \"Trusting CDS Clients\").");
            return;
        }
        try {
            ClientTokenVerifier.VerifiedClient client =
                    verifier.verify(authorization.substring(7).trim(), audiences.of(request));
            AuthenticatedClient.set(request, client.issuer());
        } catch (ClientAuthenticationException e) {
            refuse(response, e.reason(), e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String reason, String message) throws IOException {
        meterRegistry.counter("crd.jwt.failures", "reason", reason).increment();
        String safe = message.replace("\\", "\\\\").replace("\"", "'");
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"");
        response.setContentType("application/json");
        response.getOutputStream()
                .write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\","
                                + "\"details\":{\"text\":\"CDS-401-" + reason + "\"},\"diagnostics\":\"" + safe
                                + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
