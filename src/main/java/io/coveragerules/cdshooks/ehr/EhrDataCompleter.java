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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
        // The context's own resources first: the orders under review are the ones the clinician is working on, and
        // of two copies of one resource the first known is kept (unless the other is newer).
        data.addAll(contextResources);
        data.addAll(request.prefetchedResources());
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
        Map<String, Function<AbortableRead, List<Resource>>> reads = new LinkedHashMap<>();
        String base = request.fhirServer();
        String token = request.accessToken();
        templates.forEach((key, template) -> {
            if (!request.prefetchSatisfied(key)) {
                String query = substitute(template, request.context());
                if (query != null) {
                    reads.put(
                            key,
                            abortable -> query.contains("?")
                                    ? client.search(base, token, abortable, query)
                                    : List.of(client.read(
                                            base,
                                            token,
                                            abortable,
                                            query.substring(0, query.indexOf('/')),
                                            query.substring(query.indexOf('/') + 1))));
                }
            } else if (request.prefetch().get(key) instanceof Bundle bundle
                    && bundle.getLink(Bundle.LINK_NEXT) != null) {
                Bundle rest = new Bundle().setLink(List.of(bundle.getLink(Bundle.LINK_NEXT)));
                reads.put(key + " (next pages)", abortable -> client.withFollowingPages(base, token, abortable, rest));
            }
        });
        for (String reference : references) {
            String[] parts = RequestData.relative(reference);
            if (parts != null && data.find(reference).isEmpty()) {
                reads.put(reference, abortable -> List.of(client.read(base, token, abortable, parts[0], parts[1])));
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
        run(base, reads, data, startNanos);
    }

    /** A read handed to the EHR's bulkhead, and how to abandon it. */
    private record Submitted(Future<List<Resource>> future, AbortableRead abortable) {}

    private void run(
            String base,
            Map<String, Function<AbortableRead, List<Resource>>> reads,
            RequestData data,
            long startNanos) {
        Map<String, Submitted> submitted = new LinkedHashMap<>();
        reads.forEach((what, read) -> {
            AbortableRead abortable = new AbortableRead();
            try {
                submitted.put(
                        what,
                        new Submitted(
                                client.bulkheads().submit(base, () -> timed(() -> read.apply(abortable))), abortable));
            } catch (RejectedExecutionException e) {
                meterRegistry.counter("crd.ehr.read.rejected").increment();
                data.markFailed(
                        what,
                        "the EHR FHIR server already has as many reads from this server as it may (bulkhead full)");
            }
        });
        long deadlineNanos = startNanos + deadline.toNanos();
        submitted.forEach((what, read) -> {
            try {
                data.addAll(read.future().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                // Abandon it for real: out of the queue if it never started, its HTTP request aborted if it did.
                read.future().cancel(false);
                client.bulkheads().withdraw(base, read.future());
                read.abortable().abandon();
                meterRegistry.counter("crd.ehr.read.timeouts").increment();
                data.markFailed(what, "the EHR FHIR server did not answer within " + deadline.toMillis() + " ms");
            } catch (ExecutionException e) {
                data.markFailed(what, describe(e.getCause()));
            } catch (CancellationException e) {
                data.markFailed(what, "the read was cancelled");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                data.markFailed(what, "interrupted");
            }
        });
        Map<String, String> failures = data.unavailable();
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
        if (failure instanceof EhrUnavailableException unavailable) {
            return unavailable.getMessage();
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
