package io.coveragerules.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the parts of {@code /fhir} that hold patient data: QuestionnaireResponse and AuditEvent (read and write), the
 * DTR operations. A request needs {@code Authorization: Bearer <JWT>} from a configured authorization server, carrying
 * a SMART system scope for the resource and the interaction (e.g. {@code system/QuestionnaireResponse.read},
 * {@code .rs}, {@code .cruds}, {@code system/*.read}); otherwise 401 (no or bad token) or 403 (no scope), with an
 * OperationOutcome. Published knowledge artefacts (Questionnaire, Library, ValueSet, PlanDefinition) and the
 * CapabilityStatement need no token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class FhirAccessFilter extends OncePerRequestFilter {

    private static final Set<String> PROTECTED = Set.of("QuestionnaireResponse", "AuditEvent");

    private final FhirSecurityProperties properties;
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();

    FhirAccessFilter(FhirSecurityProperties properties, List<TrustedClientKeys> localKeys) {
        this.properties = properties;
        for (FhirSecurityProperties.Issuer issuer : properties.issuers()) {
            try {
                processors.put(
                        issuer.issuer(),
                        processor(
                                JWKSourceBuilder.<SecurityContext>create(
                                                URI.create(issuer.jwksUrl()).toURL(),
                                                new DefaultResourceRetriever(1000, 1000, 51_200))
                                        .cache(Duration.ofMinutes(15).toMillis(), 5000)
                                        .rateLimited(Duration.ofMinutes(1).toMillis())
                                        .build(),
                                issuer.issuer(),
                                issuer.audience()));
            } catch (MalformedURLException e) {
                throw new IllegalStateException("fhir.security.issuers: " + issuer.jwksUrl() + " is not a URL", e);
            }
        }
        localKeys.forEach(k -> processors.putIfAbsent(k.issuer(), processor(k.keys(), k.issuer(), null)));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled() || requiredScope(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] scope = requiredScope(request);
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(response, 401, "Send Authorization: Bearer <access token> (SMART Backend Services) for " + scope[0]);
            return;
        }
        JWTClaimsSet claims;
        try {
            String token = authorization.substring(7).trim();
            DefaultJWTProcessor<SecurityContext> processor =
                    processors.get(SignedJWT.parse(token).getJWTClaimsSet().getIssuer());
            if (processor == null) {
                refuse(response, 401, "The access token's issuer is not a trusted authorization server");
                return;
            }
            claims = processor.process(token, null);
        } catch (Exception e) {
            refuse(response, 401, "The access token is not valid: " + e.getMessage());
            return;
        }
        List<String> granted =
                Arrays.asList(String.valueOf(claims.getClaim("scope")).split(" "));
        if (granted.stream().noneMatch(g -> grants(g, scope[0], scope[1]))) {
            refuse(
                    response,
                    403,
                    "The access token lacks a scope for %s %s (e.g. system/%s.%s)"
                            .formatted(scope[0], scope[1], scope[0], scope[1].equals("read") ? "rs" : "cud"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** [resource type, read|write] the request needs a scope for, or null when it is public. */
    private static String[] requiredScope(HttpServletRequest request) {
        // The container's decoded, normalised path (no ;parameters, no // tricks), as the FHIR servlet will see it.
        if (!"/fhir".equals(request.getServletPath()) || request.getPathInfo() == null) {
            return null;
        }
        String path = request.getPathInfo().replaceAll("/{2,}", "/");
        String first = path.replaceFirst("^/", "").split("/", 2)[0];
        boolean read =
                request.getMethod().equals("GET") || request.getMethod().equals("HEAD") || path.endsWith("/_search");
        if (PROTECTED.contains(first)) {
            return new String[] {first, read ? "read" : "write"};
        }
        if (path.contains("$questionnaire-package") || path.contains("$next-question")) {
            return new String[] {"Questionnaire", "read"};
        }
        return null;
    }

    /** SMART v1 ({@code .read}, {@code .write}, {@code .*}) and v2 ({@code .rs}, {@code .cruds}, ...) system scopes. */
    static boolean grants(String scope, String type, String access) {
        if (!scope.startsWith("system/")) {
            return false;
        }
        String[] parts = scope.substring(7).split("\\.", 2);
        if (parts.length != 2 || !(parts[0].equals(type) || parts[0].equals("*"))) {
            return false;
        }
        String what = parts[1].contains("?") ? parts[1].substring(0, parts[1].indexOf('?')) : parts[1];
        if (what.equals("*")) {
            return true;
        }
        if (access.equals("read")) {
            return what.equals("read") || (what.matches("c?r?u?d?s?") && what.contains("r"));
        }
        return what.equals("write") || (what.matches("c?r?u?d?s?") && (what.contains("c") || what.contains("u")));
    }

    private static DefaultJWTProcessor<SecurityContext> processor(
            JWKSource<SecurityContext> keys, String issuer, String audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(
                        JWSAlgorithm.ES384,
                        JWSAlgorithm.RS384,
                        JWSAlgorithm.ES256,
                        JWSAlgorithm.RS256,
                        JWSAlgorithm.ES512,
                        JWSAlgorithm.RS512),
                keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat")));
        return processor;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        response.setContentType("application/fhir+json");
        response.getOutputStream()
                .write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                                + (status == 401 ? "login" : "forbidden") + "\",\"diagnostics\":\""
                                + message.replace("\\", "\\\\").replace("\"", "'")
                                + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
