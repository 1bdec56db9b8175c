package io.coveragerules.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default trusts one demo CDS client, so a newcomer can try a signed order-sign at once (README). Its
 * key pair is a development key published in this repository: it is trusted only when the server runs on its embedded
 * database, never with a production {@code spring.datasource.url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
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
