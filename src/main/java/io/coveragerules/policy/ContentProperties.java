package io.coveragerules.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the policy content lives: a folder (or classpath location) holding {@code cql/} and {@code fhir-resources/},
 * each with one sub-folder per medical policy. The jar carries a copy of the repository's folders under
 * {@code classpath:content}; point {@code crd.content.location} at {@code file:/some/folder} to serve other content.
 */
@ConfigurationProperties("crd.content")
record ContentProperties(@DefaultValue("classpath:content") String location) {}
