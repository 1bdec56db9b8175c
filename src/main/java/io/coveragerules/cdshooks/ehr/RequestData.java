package io.coveragerules.cdshooks.ehr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * Everything one hook call knows about the patient: the prefetch, the FHIR resources of the context, and what was
 * read from the EHR to fill the gaps, plus what could not be had and why. Lives for one request only (CRD: data
 * received is used for the coverage decision, not kept).
 */
public final class RequestData {

    private final List<Resource> resources = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> unavailable = Collections.synchronizedMap(new LinkedHashMap<>());

    public void add(Resource resource) {
        if (resource != null) {
            resources.add(resource);
        }
    }

    public void addAll(List<? extends Resource> more) {
        more.forEach(this::add);
    }

    public List<Resource> all() {
        synchronized (resources) {
            return List.copyOf(resources);
        }
    }

    public <T extends Resource> List<T> ofType(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A resource by a relative reference such as {@code ServiceRequest/123} (or an absolute URL ending in one). */
    public Optional<Resource> find(String reference) {
        String[] parts = relative(reference);
        if (parts == null) {
            return Optional.empty();
        }
        return all().stream()
                .filter(r -> r.fhirType().equals(parts[0])
                        && parts[1].equals(r.getIdElement().getIdPart()))
                .findFirst();
    }

    void markUnavailable(String what, String why) {
        unavailable.put(what, why);
    }

    /** Why {@code what} (a prefetch key or a reference) could not be read from the EHR, if it could not. */
    public Optional<String> whyUnavailable(String what) {
        return Optional.ofNullable(unavailable.get(what));
    }

    /** {@code [type, id]} of a reference like {@code Type/id} or {@code http://.../Type/id[/_history/n]}. */
    static String[] relative(String reference) {
        if (reference == null) {
            return null;
        }
        String path = reference.replaceAll("/_history/[^/]+$", "");
        String[] segments = path.split("/");
        if (segments.length < 2
                || segments[segments.length - 2].isEmpty()
                || segments[segments.length - 1].isEmpty()
                || !Character.isUpperCase(segments[segments.length - 2].charAt(0))) {
            return null;
        }
        return new String[] {segments[segments.length - 2], segments[segments.length - 1]};
    }
}
