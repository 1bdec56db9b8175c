package io.coveragerules.cdshooks.ehr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Resource;

/**
 * Everything one hook call knows about the patient: the prefetch, the FHIR resources of the context, and what was
 * read from the EHR to fill the gaps, plus what could not be had and why. Lives for one request only (CRD: data
 * received is used for the coverage decision, not kept).
 *
 * <p>Resources are merged by identity ({@code Type/id}): the same Condition named by an order's reasonReference and
 * returned by the patient's Condition search, or sent twice in a prefetch Bundle, is one resource, so a policy sees it
 * once. Of two copies the later-updated one ({@code meta.lastUpdated}) is kept, otherwise the first one known.
 */
public final class RequestData {

    private static final Pattern HISTORY = Pattern.compile("/_history/[^/]+$");

    /** By identity, in the order first known; resources without an id cannot be told apart and are all kept. */
    private final Map<String, Resource> byIdentity = new LinkedHashMap<>();

    private final List<Resource> anonymous = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private final Map<String, String> failedReads = new LinkedHashMap<>();

    public synchronized void add(Resource resource) {
        if (resource == null) {
            return;
        }
        String identity = identity(resource);
        if (identity == null) {
            anonymous.add(resource);
            return;
        }
        byIdentity.merge(identity, resource, RequestData::fresher);
    }

    public void addAll(List<? extends Resource> more) {
        more.forEach(this::add);
    }

    public synchronized List<Resource> all() {
        List<Resource> all = new ArrayList<>(byIdentity.size() + anonymous.size());
        all.addAll(byIdentity.values());
        all.addAll(anonymous);
        return List.copyOf(all);
    }

    public <T extends Resource> List<T> ofType(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A resource by a relative reference such as {@code ServiceRequest/123} (or an absolute URL ending in one). */
    public synchronized Optional<Resource> find(String reference) {
        String[] parts = relative(reference);
        return parts == null ? Optional.empty() : Optional.ofNullable(byIdentity.get(parts[0] + "/" + parts[1]));
    }

    synchronized void markUnavailable(String what, String why) {
        unavailable.put(what, why);
    }

    /** A read from the EHR was tried and failed (an error, no answer in time, refused by the bulkhead, off the list). */
    synchronized void markFailed(String what, String why) {
        unavailable.put(what, why);
        failedReads.put(what, why);
    }

    /**
     * The reads from the EHR that were tried and failed, what → why: a decision made without their data must say so
     * (data merely not offered, such as a prefetch key the client did not send with no FHIR server to ask, is not here).
     */
    public synchronized Map<String, String> failedReads() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(failedReads));
    }

    /** Why {@code what} (a prefetch key or a reference) could not be read from the EHR, if it could not. */
    public synchronized Optional<String> whyUnavailable(String what) {
        return Optional.ofNullable(unavailable.get(what));
    }

    /** Everything that could not be read, what → why, in the order it was found out. */
    public synchronized Map<String, String> unavailable() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
    }

    /** {@code Type/id} of a resource, or null when it has no id. */
    public static String identity(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        return id == null || id.isBlank() ? null : resource.fhirType() + "/" + id;
    }

    private static Resource fresher(Resource known, Resource other) {
        if (known.getMeta().hasLastUpdated()
                && other.getMeta().hasLastUpdated()
                && other.getMeta().getLastUpdated().after(known.getMeta().getLastUpdated())) {
            return other;
        }
        return known;
    }

    /** {@code [type, id]} of a reference like {@code Type/id} or {@code http://.../Type/id[/_history/n]}. */
    static String[] relative(String reference) {
        if (reference == null) {
            return null;
        }
        String path = HISTORY.matcher(reference).replaceFirst("");
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
