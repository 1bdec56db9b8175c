package io.coveragerules.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.cdshooks.feedback.FeedbackReader;
import io.coveragerules.cdshooks.feedback.FeedbackStore;
import io.coveragerules.coverage.HookAnswered;
import io.coveragerules.security.CdsClientAuthenticationFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** CDS Hooks 2.0 endpoints: discovery, service invocation and feedback. Each call is one hand-off to a {@link HookService}. */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
class CdsServicesController {

    private final Map<String, HookService> services;
    private final CdsJson.Services discovery;
    private final HookRequestReader reader;
    private final FeedbackStore feedbackStore;
    private final MeterRegistry meterRegistry;
    private final ApplicationEventPublisher events;

    CdsServicesController(
            HookServices hookServices,
            HookRequestReader reader,
            FeedbackStore feedbackStore,
            MeterRegistry meterRegistry,
            ApplicationEventPublisher events) {
        this.events = events;
        this.feedbackStore = feedbackStore;
        this.meterRegistry = meterRegistry;
        List<HookService> services = hookServices.all();
        this.services = services.stream().collect(Collectors.toMap(HookService::id, Function.identity()));
        this.discovery = new CdsJson.Services(
                services.stream().map(HookService::descriptor).toList());
        this.reader = reader;
    }

    @GetMapping
    CdsJson.Services discovery() {
        return discovery;
    }

    @PostMapping(path = "/{id}")
    CdsJson.Response call(
            @PathVariable String id, @RequestBody(required = false) JsonNode body, HttpServletRequest http) {
        HookService service = service(id);
        Timer.Sample sample = Timer.start(meterRegistry);
        Instant received = Instant.now();
        long start = System.nanoTime();
        int status = 500;
        HookService.Answer answer = null;
        HookRequest request = null;
        try {
            request = reader.read(body, service.hook());
            answer = service.call(request);
            status = 200;
            return answer.response();
        } catch (CdsRequestException e) {
            status = e.status().value();
            throw e;
        } catch (io.coveragerules.policy.PolicyEvaluationException e) {
            status = 422; // as CdsErrorHandler answers it
            throw e;
        } finally {
            sample.stop(meterRegistry.timer(
                    "crd.hook.duration",
                    "service",
                    id,
                    "hook",
                    service.hook(),
                    "outcome",
                    status == 200 ? "success" : "error"));
            // A refused call is audited too, under the hookInstance it claimed, if any.
            String hookInstance = request != null
                    ? request.hookInstance()
                    : body != null && body.path("hookInstance").isTextual()
                            ? body.path("hookInstance").asText()
                            : null;
            events.publishEvent(new HookAnswered(
                    hookInstance,
                    id,
                    service.hook(),
                    (String) http.getAttribute(CdsClientAuthenticationFilter.CLIENT_ISSUER),
                    request == null || request.contextText("patientId") == null
                            ? null
                            : "Patient/" + request.contextText("patientId"),
                    status,
                    received,
                    (System.nanoTime() - start) / 1_000_000,
                    answer == null ? null : answer.decisions()));
        }
    }

    /** CDS Hooks 2.0 feedback: what the clinician did with the cards. */
    @PostMapping(path = "/{id}/feedback")
    ResponseEntity<Void> feedback(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        service(id);
        FeedbackReader.read(id, body).forEach(feedbackStore::save);
        return ResponseEntity.ok().build();
    }

    private HookService service(String id) {
        HookService service = services.get(id);
        if (service == null) {
            throw new CdsRequestException(
                    HttpStatus.NOT_FOUND,
                    "CDS-404-SERVICE",
                    "No CDS service '%s' here; GET /cds-services lists the services: %s"
                            .formatted(id, services.keySet()));
        }
        return service;
    }
}
