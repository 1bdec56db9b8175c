package io.coveragerules.cdshooks.ehr;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.cdshooks.CdsRequestException;
import io.coveragerules.cdshooks.HookRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prefetch first, then fetch: reads from the EHR's FHIR server whatever a hook call's prefetch left out (a template
 * key not sent, or sent as an OperationOutcome), the later pages of prefetched searches, and resources that orders
 * reference. All reads run in parallel under one deadline; what fails or does not arrive in time is marked
 * unavailable, and the policy decides with what there is.
 */
@Component
public class EhrDataCompleter {

    private static final Logger log = LoggerFactory.getLogger(EhrDataCompleter.class);
    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*context\\.(\\w+)\\s*}}");

    private final EhrClient client;
    private final FhirServerAllowList allowList;
    private final Duration deadline;
    private final MeterRegistry meterRegistry;

    public EhrDataCompleter(
            EhrClient client, FhirServerAllowList allowList, EhrProperties properties, MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
        this.client = client;
        this.allowList = allowList;
        this.deadline = properties.deadline();
    }

    /** The request's prefetch and context resources, before any fetch. */
    public RequestData fromRequest(HookRequest request, List<Resource> contextResources) {
        RequestData data = new RequestData();
        data.addAll(request.prefetchedResources());
        data.addAll(contextResources);
        return data;
    }

    /**
     * Reads what is missing: the templates (key → query) the request did not satisfy and the references not yet
     * known. Returns when everything arrived or {@code startNanos + deadline} passed.
     */
    public void complete(
            HookRequest request,
            RequestData data,
            Map<String, String> templates,
            Collection<String> references,
            long startNanos) {
        Map<String, Supplier<List<Resource>>> reads = new LinkedHashMap<>();
        String base = request.fhirServer();
        String token = request.accessToken();
        templates.forEach((key, template) -> {
            if (!request.prefetchSatisfied(key)) {
                String query = substitute(template, request.context());
                if (query != null) {
                    reads.put(
                            key,
                            () -> query.contains("?")
                                    ? client.search(base, token, query)
                                    : List.of(client.read(
                                            base,
                                            token,
                                            query.substring(0, query.indexOf('/')),
                                            query.substring(query.indexOf('/') + 1))));
                }
            } else if (request.prefetch().get(key) instanceof Bundle bundle
                    && bundle.getLink(Bundle.LINK_NEXT) != null) {
                Bundle rest = new Bundle().setLink(List.of(bundle.getLink(Bundle.LINK_NEXT)));
                reads.put(key + " (next pages)", () -> client.withFollowingPages(base, token, rest));
            }
        });
        for (String reference : references) {
            String[] parts = RequestData.relative(reference);
            if (parts != null && data.find(reference).isEmpty()) {
                reads.put(reference, () -> List.of(client.read(base, token, parts[0], parts[1])));
            }
        }
        if (reads.isEmpty()) {
            return;
        }
        if (base == null) {
            reads.keySet()
                    .forEach(what -> data.markUnavailable(what, "not in prefetch and the request names no fhirServer"));
            return;
        }
        if (!allowList.allows(base)) {
            throw CdsRequestException.badRequest(
                    "CRD-400-FHIRSERVER",
                    ("fhirServer %s is not one this server may contact "
                                    + "(crd.ehr.allowed-fhir-servers), and the prefetch lacks %s: send the prefetch, or ask the payer to "
                                    + "allow this FHIR server")
                            .formatted(base, reads.keySet()));
        }
        run(reads, data, startNanos);
    }

    private void run(Map<String, Supplier<List<Resource>>> reads, RequestData data, long startNanos) {
        Map<String, Future<List<Resource>>> futures = new LinkedHashMap<>();
        reads.forEach((what, read) -> futures.put(what, client.executor().submit(() -> timed(read))));
        long deadlineNanos = startNanos + deadline.toNanos();
        List<String> failures = new ArrayList<>();
        futures.forEach((what, future) -> {
            try {
                data.addAll(future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                future.cancel(true);
                meterRegistry.counter("crd.ehr.read.timeouts").increment();
                data.markUnavailable(what, "the EHR FHIR server did not answer within " + deadline.toMillis() + " ms");
            } catch (ExecutionException e) {
                data.markUnavailable(what, describe(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                data.markUnavailable(what, "interrupted");
            }
            data.whyUnavailable(what).ifPresent(why -> failures.add(what + ": " + why));
        });
        if (!failures.isEmpty()) {
            log.info("EHR reads that failed: {}", failures);
        }
    }

    /** One EHR read, timed by outcome (success or failure; reads cut off by the deadline also count as timeouts). */
    private List<Resource> timed(Supplier<List<Resource>> read) {
        Timer.Sample sample = Timer.start(meterRegistry);
        String outcome = "failure";
        try {
            List<Resource> result = read.get();
            outcome = "success";
            return result;
        } finally {
            sample.stop(meterRegistry.timer("crd.ehr.read.duration", "outcome", outcome));
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof BaseServerResponseException response) {
            return "the EHR FHIR server answered HTTP " + response.getStatusCode();
        }
        return "the EHR FHIR server could not be read (" + failure.getClass().getSimpleName() + ")";
    }

    /** CDS Hooks 2.0 prefetch tokens: root-level primitive context fields only; null when one cannot be filled. */
    static String substitute(String template, JsonNode context) {
        Matcher matcher = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = context.get(matcher.group(1));
            if (value == null || !value.isValueNode() || value.asText().isBlank()) {
                return null;
            }
            matcher.appendReplacement(
                    out, Matcher.quoteReplacement(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8)));
        }
        matcher.appendTail(out);
        String query = out.toString();
        return query.contains("{{") ? null : query;
    }
}
