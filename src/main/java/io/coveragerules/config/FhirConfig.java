package io.coveragerules.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** App-wide beans: one FHIR R4 context (expensive to build, thread-safe) and the clock decisions are dated by. */
@Configuration(proxyBeanMethods = false)
class FhirConfig {

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
