package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hook calls are read into a JSON tree that keeps every number as written: FHIR decimals carry their precision in
 * their digits ({@code 1.50} is not {@code 1.5}), and CRD's coverage-information system action sends the order back
 * changed in nothing but that extension. Jackson's defaults would turn {@code 1.50} into the double 1.5.
 */
@Configuration(proxyBeanMethods = false)
class ExactDecimalsConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer exactDecimals() {
        return builder -> builder.featuresToEnable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .postConfigurer(mapper -> {
                    mapper.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
                    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
                });
    }
}
