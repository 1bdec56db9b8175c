package io.coveragerules.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JSON parser that reads hook calls refuses what no CDS Hooks request needs: duplicate member names (which
 * parsers resolve differently, a smuggling vector), deep nesting and huge strings. Each is a 400 with an
 * OperationOutcome, like any other malformed body.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer jsonLimits(InputLimits limits) {
        return builder -> builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .postConfigurer(mapper -> mapper.getFactory()
                        .setStreamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxNestingDepth())
                                .maxStringLength(limits.maxStringLength())
                                .maxNumberLength(100)
                                .build()));
    }
}
