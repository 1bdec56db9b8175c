package io.coveragerules.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.coveragerules.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.json.KotlinSerializationJsonHttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC reads and writes JSON with Jackson only: the kotlinx-serialization converter that the CQL engine's
 * dependency would register is gone, because it throws and catches an exception on every request.
 */
class MessageConvertersTest extends ServerTest {

    @Autowired
    RequestMappingHandlerAdapter handlerAdapter;

    @Test
    void noKotlinSerializationConverterIsAskedAboutRequestsOrResponses() {
        assertThat(handlerAdapter.getMessageConverters())
                .noneMatch(KotlinSerializationJsonHttpMessageConverter.class::isInstance)
                .anyMatch(MappingJackson2HttpMessageConverter.class::isInstance);
    }
}
