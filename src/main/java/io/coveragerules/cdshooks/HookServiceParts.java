package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.crd.CoverageLocator;
import io.coveragerules.cdshooks.crd.CrdConfigurationOptions;
import io.coveragerules.cdshooks.crd.CrdResponseWriter;
import io.coveragerules.cdshooks.ehr.EhrDataCompleter;
import io.coveragerules.coverage.CoverageService;
import io.micrometer.core.instrument.MeterRegistry;

/** What every CRD hook service is made of; only the hook's definition differs between them. */
record HookServiceParts(
        HookRequestReader reader,
        EhrDataCompleter completer,
        CoverageService coverage,
        CoverageLocator coverageLocator,
        CrdConfigurationOptions options,
        CrdResponseWriter responseWriter,
        MeterRegistry meterRegistry) {}
