package io.coveragerules.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.UUID;

/**
 * The README's "try it" command ({@code mvn -q -Pdemo test-compile}): sends a sample order-sign (CPT 0600T for a liver
 * cancer) to a running server, signed as the demo CDS client that only the profile {@code demo} trusts, and prints the
 * answer. The demo key ({@code tools/demo-client-private-jwks.json}) is a published development key, nothing more.
 */
public final class SignedOrderSign {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String url = base + "/cds-services/order-sign-crd";
        ECKey key = (ECKey) JWKSet.parse(Files.readString(Path.of("tools/demo-client-private-jwks.json")))
                .getKeys()
                .get(0);
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer("https://demo-ehr.coverage-rules.example")
                        .audience(url)
                        .issueTime(new Date(now))
                        .expirationTime(new Date(now + 300_000))
                        .jwtID(UUID.randomUUID().toString())
                        .build());
        jwt.sign(new ECDSASigner(key));
        ObjectMapper json = new ObjectMapper();
        ObjectNode request;
        try (InputStream in = SignedOrderSign.class.getResourceAsStream("/policy-cases/base-order-sign.json")) {
            request = (ObjectNode) json.readTree(in);
        }
        ((ObjectNode) request.at("/context/draftOrders/entry/0/resource"))
                .putArray("reasonCode")
                .addObject()
                .putArray("coding")
                .addObject()
                .put("system", "http://hl7.org/fhir/sid/icd-10-cm")
                .put("code", "C22.0")
                .put("display", "Liver cell carcinoma");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + jwt.serialize())
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println("HTTP " + response.statusCode());
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(response.body())));
    }
}
