package io.coveragerules.operations;

import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /actuator/health} (and its liveness and readiness groups) on the main port while the actuator lives on
 * the management port: load balancers, Docker's HEALTHCHECK and the README's "UP when ready" keep the address they
 * know. Spring Boot's own additional paths ({@code /livez}, {@code /readyz}) allow one path segment only. The status
 * alone is shown, with the actuator's HTTP status (503 when not UP); details stay on the management port.
 */
@RestController
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class MainPortHealth {

    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;

    MainPortHealth(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        this.health = health;
        this.statusCodes = statusCodes;
    }

    @GetMapping(path = "/actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> health() {
        return answer(health.health());
    }

    @GetMapping(path = "/actuator/health/{probe:liveness|readiness}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> probe(@PathVariable String probe) {
        HealthComponent group = health.healthForPath(probe);
        return group == null ? ResponseEntity.notFound().build() : answer(group);
    }

    private ResponseEntity<Map<String, String>> answer(HealthComponent component) {
        return ResponseEntity.status(statusCodes.getStatusCode(component.getStatus()))
                .body(Map.of("status", component.getStatus().getCode()));
    }
}
