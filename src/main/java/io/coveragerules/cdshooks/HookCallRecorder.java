package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.events.HookCallAnswered;
import io.coveragerules.security.AuthenticatedClient;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Publishes {@link HookCallAnswered} once a hook call's answer has gone out, with the status it went out with: calls
 * answered, refused by the error handler, or refused by client authentication (this filter wraps it) alike. Calls to
 * services that do not exist are not recorded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class HookCallRecorder extends OncePerRequestFilter {

    private static final Pattern SERVICE_CALL = Pattern.compile("/cds-services/([^/]+)");

    private final Map<String, String> hookByService;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    HookCallRecorder(HookServices services, ApplicationEventPublisher events, Clock clock) {
        this.hookByService = services.all().stream().collect(Collectors.toMap(HookService::id, HookService::hook));
        this.events = events;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || serviceId(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Instant received = clock.instant();
        long start = System.nanoTime();
        HookCallRecord record = HookCallRecord.of(request);
        try {
            chain.doFilter(request, response);
        } finally {
            String serviceId = serviceId(request);
            events.publishEvent(new HookCallAnswered(
                    record.hookInstance(),
                    serviceId,
                    hookByService.get(serviceId),
                    AuthenticatedClient.issuer(request),
                    record.patient(),
                    response.getStatus(),
                    received,
                    (System.nanoTime() - start) / 1_000_000,
                    record.decisions()));
        }
    }

    /** The id of the service a POST calls, when it is one this server offers. */
    private String serviceId(HttpServletRequest request) {
        Matcher matcher = SERVICE_CALL.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        return matcher.matches() && hookByService.containsKey(matcher.group(1)) ? matcher.group(1) : null;
    }
}
