package io.coveragerules.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may hold, so that no input, however hostile, costs the server more than a bounded amount.
 *
 * @param maxRequestSize   a larger body is refused with 413 before it is read (hook calls with prefetch are the
 *                         largest legitimate requests: a few hundred kB)
 * @param maxNestingDepth  JSON objects and arrays nested deeper are a 400 (FHIR resources nest about 10 deep)
 * @param maxStringLength  a longer JSON string is a 400
 */
@ConfigurationProperties("crd.input")
record InputLimits(
        @DefaultValue("5MB") DataSize maxRequestSize,
        @DefaultValue("64") int maxNestingDepth,
        @DefaultValue("1000000") int maxStringLength) {}
