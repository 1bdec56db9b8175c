package io.coveragerules.cdshooks;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Hook calls are timed by Spring's own {@code http.server.requests}; this adds the CDS service called as a
 * {@code service} tag (only the ids discovery lists, so the tag stays bounded), so latency can be read per service.
 */
@Component
class HookCallObservationConvention extends DefaultServerRequestObservationConvention {

    private static final String NONE = "none";

    private final Set<String> serviceIds;

    HookCallObservationConvention(HookServices services) {
        this.serviceIds = services.all().stream().map(HookService::id).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("service", service(context)));
    }

    private String service(ServerRequestObservationContext context) {
        if (context.getPathPattern() == null || !context.getPathPattern().startsWith("/cds-services/{id}")) {
            return NONE;
        }
        Object variables = context.getCarrier().getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Object id = variables instanceof Map<?, ?> map ? map.get("id") : null;
        return id != null && serviceIds.contains(id.toString()) ? id.toString() : NONE;
    }
}
