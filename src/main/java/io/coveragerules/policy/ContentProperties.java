package io.coveragerules.policy;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the policy content lives: one or more folders (or classpath locations) each holding {@code cql/} and
 * {@code fhir-resources/}, with one sub-folder per medical policy. The jar carries a copy of the repository's folders
 * under {@code classpath:content}; point {@code crd.content.location} at {@code file:/some/folder} to serve other
 * content, or list several ({@code classpath:content,file:/srv/more-policies}) to serve them together.
 */
@ConfigurationProperties("crd.content")
record ContentProperties(@DefaultValue("classpath:content") List<String> location) {

    ContentProperties {
        location = List.copyOf(location);
    }
}
