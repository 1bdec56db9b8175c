package io.coveragerules.config;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.KotlinSerializationJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC registers a kotlinx-serialization JSON converter whenever that library is on the class path (the CQL
 * engine brings it, and needs it at run time, so it cannot be excluded). Nothing here is a Kotlin serializable class,
 * so that converter only asks, for every request and response, whether it can handle a Java type, and answers by
 * throwing and catching an exception (about 6 % of order-sign and 11 % of discovery, issue 13). Jackson does the JSON.
 */
@Configuration(proxyBeanMethods = false)
class MessageConverterConfig implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(KotlinSerializationJsonHttpMessageConverter.class::isInstance);
    }
}
