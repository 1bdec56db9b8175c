package io.coveragerules.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The profile {@code demo} trusts one demo CDS client, also as an issuer of FHIR access tokens, so a newcomer can try
 * a signed order-sign at once (README). Its key pair is a development key published in this repository, so it is
 * trusted only when the profile is named explicitly ({@code --spring.profiles.active=demo}), never by default.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoClientConfiguration {

    static final String DEMO_ISSUER = "https://demo-ehr.coverage-rules.example";

    @Bean
    TrustedClientKeys demoClient() throws IOException, ParseException {
        try (InputStream in = DemoClientConfiguration.class.getResourceAsStream("/demo/demo-client-jwks.json")) {
            return new TrustedClientKeys(
                    DEMO_ISSUER,
                    new ImmutableJWKSet<>(JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }
}
