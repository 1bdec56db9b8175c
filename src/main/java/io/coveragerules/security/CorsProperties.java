package io.coveragerules.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Browser-based CDS clients (the CDS Hooks sandbox) and SMART DTR apps call from their own origin.
 *
 * @param allowedOrigins origins allowed to call {@code /cds-services} and {@code /fhir} from a browser: exact
 *                       ({@code https://sandbox.cds-hooks.org}) or Spring origin patterns
 *                       ({@code http://localhost:[*]}, {@code https://*.ehr.example}); none by default
 */
@ConfigurationProperties("crd.cors")
record CorsProperties(List<String> allowedOrigins) {

    public CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
