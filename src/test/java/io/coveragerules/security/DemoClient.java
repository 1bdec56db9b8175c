package io.coveragerules.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.UUID;

/** Tokens signed with the demo client's published development key (tools/demo-client-private-jwks.json). */
final class DemoClient {

    static final String ISSUER = "https://demo-ehr.coverage-rules.example";

    private DemoClient() {}

    /** A CDS client JWT for a call to {@code audience}. */
    static String clientToken(String audience) throws Exception {
        return sign(claims().audience(audience).build());
    }

    /** A FHIR access token with a SMART system scope. */
    static String accessToken(String scope) throws Exception {
        return sign(claims().claim("scope", scope).build());
    }

    static String orderSign() throws Exception {
        try (InputStream in = DemoClient.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .issueTime(new Date(now))
                .expirationTime(new Date(now + 300_000))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        ECKey key = (ECKey) JWKSet.parse(Files.readString(Path.of("tools/demo-client-private-jwks.json")))
                .getKeys()
                .get(0);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
