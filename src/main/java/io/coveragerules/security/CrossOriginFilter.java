package io.coveragerules.security;

import java.time.Duration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * CORS for {@code /cds-services} and {@code /fhir}, as a servlet filter: {@code /fhir} is HAPI's RestfulServer, a
 * servlet of its own that Spring MVC's CORS support never sees. It runs before client authentication and the FHIR
 * access filter, so a browser's preflight (an OPTIONS without credentials) is answered here and never refused 401.
 * Only configured origins are allowed ({@code crd.cors.allowed-origins}); a cross-origin request from any other is a
 * 403 and carries no {@code Access-Control-Allow-Origin}. Tokens travel in {@code Authorization}, never in cookies, so
 * credentials mode stays off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 7)
class CrossOriginFilter extends CorsFilter {

    CrossOriginFilter(CorsProperties properties) {
        super(source(properties));
    }

    private static UrlBasedCorsConfigurationSource source(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "OPTIONS"));
        // What CDS Hooks and FHIR clients send: the bearer token, the body's type, FHIR's conditional headers.
        cors.setAllowedHeaders(
                List.of("Authorization", "Content-Type", "Accept", "If-Match", "If-None-Exist", "Prefer"));
        cors.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofMinutes(30));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        // Match the whole path: a filter sees requests to the FHIR servlet (/fhir/*), whose own path starts after
        // /fhir.
        UrlPathHelper paths = new UrlPathHelper();
        paths.setAlwaysUseFullPath(true);
        source.setUrlPathHelper(paths);
        for (String path : List.of("/cds-services", "/cds-services/**", "/fhir", "/fhir/**")) {
            source.registerCorsConfiguration(path, cors);
        }
        return source;
    }
}
