package io.coveragerules.dtr.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest SMART App Launch authorization server an EHR could have, on the test EHR's own port: discovery at
 * {@code [fhir base]/.well-known/smart-configuration}, {@code /auth/authorize} (checks the registered client id,
 * redirect URL and audience; no login page: the user is already signed in to the EHR) redirecting back with a code,
 * and {@code /auth/token} (checks the code, the redirect URL and the PKCE verifier) answering an access token with the
 * launch context: {@code patient}, {@code fhirContext}, the card's {@code appContext} and an {@code id_token} naming
 * the user. A launch is registered first, as an EHR does when the user clicks a card's smart link.
 */
final class SmartAuthorizationServer extends HttpServlet {

    /** What the EHR knows when the app is launched. */
    record Launch(String patient, List<String> fhirContext, String appContext) {}

    private record Grant(Launch launch, String redirectUri, String codeChallenge, String scope) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fhirBase;
    private final String clientId;
    private final String redirectUri;
    private final String user;
    private final Launch standalone;
    private final Map<String, Launch> launches = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<String> requestedScopes = new CopyOnWriteArrayList<>();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final ECKey signingKey;

    /**
     * @param standalone the patient the user picks in a standalone launch
     */
    SmartAuthorizationServer(TestEhrServer ehr, String clientId, String redirectUri, String user, Launch standalone)
            throws JOSEException {
        this.fhirBase = ehr.baseUrl();
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.user = user;
        this.standalone = standalone;
        this.signingKey = new ECKeyGenerator(Curve.P_256).keyID("test-ehr").generate();
        ehr.serve("/fhir/.well-known/smart-configuration", this);
        ehr.serve("/auth/authorize", this);
        ehr.serve("/auth/token", this);
    }

    /** Registers an EHR launch; the id goes into the app's launch URL as {@code launch}. */
    String launch(Launch launch) {
        String id = UUID.randomUUID().toString();
        launches.put(id, launch);
        return id;
    }

    List<String> requestedScopes() {
        return List.copyOf(requestedScopes);
    }

    List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Headers", "*");
        if ("OPTIONS".equals(request.getMethod())) {
            response.setStatus(204);
            return;
        }
        String path = request.getRequestURI();
        if (path.endsWith("/.well-known/smart-configuration")) {
            configuration(response);
        } else if (path.equals("/auth/authorize")) {
            authorize(request, response);
        } else if (path.equals("/auth/token") && "POST".equals(request.getMethod())) {
            token(request, response);
        } else {
            response.sendError(404);
        }
    }

    private String authBase() {
        return fhirBase.replaceFirst("/fhir$", "") + "/auth";
    }

    private void configuration(HttpServletResponse response) throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("issuer", authBase())
                .put("authorization_endpoint", authBase() + "/authorize")
                .put("token_endpoint", authBase() + "/token");
        body.putArray("grant_types_supported").add("authorization_code");
        body.putArray("code_challenge_methods_supported").add("S256");
        ArrayNode capabilities = body.putArray("capabilities");
        List.of(
                        "launch-ehr",
                        "launch-standalone",
                        "client-public",
                        "context-ehr-patient",
                        "context-standalone-patient",
                        "sso-openid-connect",
                        "permission-patient",
                        "permission-v2")
                .forEach(capabilities::add);
        json(response, 200, body);
    }

    private void authorize(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String state = request.getParameter("state");
        if (!clientId.equals(request.getParameter("client_id"))
                || !redirectUri.equals(request.getParameter("redirect_uri"))
                || !fhirBase.equals(request.getParameter("aud"))
                || !"code".equals(request.getParameter("response_type"))) {
            response.sendError(400, "unknown client, redirect_uri or aud");
            return;
        }
        String launchId = request.getParameter("launch");
        Launch launch = launchId == null ? standalone : launches.get(launchId);
        if (launch == null) {
            response.sendError(400, "unknown launch");
            return;
        }
        requestedScopes.add(request.getParameter("scope"));
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                new Grant(launch, redirectUri, request.getParameter("code_challenge"), request.getParameter("scope")));
        response.sendRedirect(
                redirectUri + "?code=" + code + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    }

    private void token(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Grant grant = codes.remove(String.valueOf(request.getParameter("code")));
        if (grant == null
                || !grant.redirectUri().equals(request.getParameter("redirect_uri"))
                || (grant.codeChallenge() != null
                        && !grant.codeChallenge().equals(s256(request.getParameter("code_verifier"))))) {
            json(response, 400, JSON.createObjectNode().put("error", "invalid_grant"));
            return;
        }
        String accessToken = UUID.randomUUID().toString();
        issuedTokens.add(accessToken);
        ObjectNode body = JSON.createObjectNode()
                .put("access_token", accessToken)
                .put("token_type", "Bearer")
                .put("expires_in", 3600)
                .put("scope", grant.scope())
                .put("patient", grant.launch().patient())
                .put("need_patient_banner", false)
                .put("id_token", idToken());
        ArrayNode fhirContext = body.putArray("fhirContext");
        grant.launch().fhirContext().forEach(r -> fhirContext.addObject().put("reference", r));
        if (grant.launch().appContext() != null) {
            body.put("appContext", grant.launch().appContext());
        }
        json(response, 200, body);
    }

    private String idToken() {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(signingKey.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(authBase())
                            .audience(clientId)
                            .subject(user)
                            .claim("fhirUser", fhirBase + "/" + user)
                            .issueTime(new Date())
                            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                            .build());
            jwt.sign(new ECDSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256")
                            .digest(String.valueOf(verifier).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
