package io.coveragerules.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveragerules.cdshooks.feedback.FeedbackReader;
import io.coveragerules.cdshooks.feedback.FeedbackStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 endpoints: discovery, service invocation and feedback. Each call is one hand-off: errors become
 * statuses in {@link CdsErrorHandler}, timing is Spring's {@code http.server.requests}, and {@link HookCallRecorder}
 * records the call for the audit trail.
 */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
class CdsServicesController {

    private final Map<String, HookService> services;
    /** Discovery does not change while the server runs: written to JSON once, not on every call. */
    private final byte[] discovery;

    private final HookRequestReader reader;
    private final FeedbackStore feedbackStore;

    CdsServicesController(
            HookServices hookServices, HookRequestReader reader, FeedbackStore feedbackStore, ObjectMapper mapper)
            throws JsonProcessingException {
        List<HookService> all = hookServices.all();
        this.services = all.stream().collect(Collectors.toMap(HookService::id, Function.identity()));
        this.discovery = mapper.writeValueAsBytes(
                new CdsJson.Services(all.stream().map(HookService::descriptor).toList()));
        this.reader = reader;
        this.feedbackStore = feedbackStore;
    }

    @GetMapping
    ResponseEntity<byte[]> discovery() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(discovery);
    }

    @PostMapping(path = "/{id}")
    CdsJson.Response call(
            @PathVariable String id, @RequestBody(required = false) JsonNode body, HttpServletRequest http) {
        HookService service = service(id);
        HookCallRecord record = HookCallRecord.of(http);
        HookRequest request = reader.read(body, service.hook(), record);
        HookService.Answer answer = service.call(request);
        record.decisions(answer.decisions());
        return answer.response();
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
