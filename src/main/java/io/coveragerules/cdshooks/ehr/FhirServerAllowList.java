package io.coveragerules.cdshooks.ehr;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The EHR FHIR servers this server may contact (property {@code crd.ehr.allowed-fhir-servers}). A request names its
 * {@code fhirServer}; without this list, anyone who can call a hook could make the payer's server fetch any URL
 * (server-side request forgery). Search-result paging links and redirects are held to the same list.
 *
 * <p>An entry without {@code *} is a FHIR base URL and allows everything beneath it, by whole path segments: a FHIR
 * server's own URLs (reads, searches, its next-page links, which may carry a query on the base itself) all live under
 * its base, so {@code https://ehr.example/fhir} allows {@code https://ehr.example/fhir/Condition?patient=1&page=2} and
 * {@code https://ehr.example/fhir?_getpages=x}, never {@code https://ehr.example/fhir-other/...} nor another host,
 * port or scheme. An entry with {@code *} is a pattern over the whole URL ({@code https://ehr.example.org/*}).
 */
@Component
class FhirServerAllowList {

    private final List<Pattern> patterns;
    private final List<Base> bases;

    public FhirServerAllowList(EhrProperties properties) {
        this.patterns = properties.allowedFhirServers().stream()
                .filter(entry -> entry.contains("*"))
                .map(FhirServerAllowList::toPattern)
                .toList();
        this.bases = properties.allowedFhirServers().stream()
                .filter(entry -> !entry.contains("*"))
                .map(FhirServerAllowList::toBase)
                .toList();
    }

    /** A base entry: scheme and authority (compared case-insensitively), and its path without a trailing slash. */
    private record Base(String origin, String path) {

        boolean contains(String origin, String path) {
            return this.origin.equals(origin)
                    && (this.path.isEmpty() || path.equals(this.path) || path.startsWith(this.path + "/"));
        }
    }

    public boolean allows(String url) {
        if (url == null) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !(uri.getScheme().equalsIgnoreCase("https")
                        || uri.getScheme().equalsIgnoreCase("http"))) {
            return false;
        }
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                + uri.getRawAuthority().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (hasDotSegment(path)) {
            return false; // ".." could climb out of an allowed base once the server normalises the path
        }
        if (bases.stream().anyMatch(base -> base.contains(origin, path))) {
            return true;
        }
        String normalised = origin + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return patterns.stream()
                .anyMatch(p -> p.matcher(normalised).matches()
                        || p.matcher(normalised + "/").matches());
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.equalsIgnoreCase("%2e%2e")) {
                return true;
            }
        }
        return false;
    }

    private static Base toBase(String entry) {
        URI uri = URI.create(entry.trim());
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException(
                    "crd.ehr.allowed-fhir-servers: '%s' is not an absolute URL (e.g. https://ehr.example.org/fhir)"
                            .formatted(entry));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Base(
                uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                        + uri.getRawAuthority().toLowerCase(Locale.ROOT),
                path);
    }

    private static Pattern toPattern(String glob) {
        String lower = glob.trim();
        int authorityEnd = lower.indexOf('/', lower.indexOf("://") + 3);
        // Scheme and host compare case-insensitively; the path as written.
        String normalised = authorityEnd < 0
                ? lower.toLowerCase(Locale.ROOT)
                : lower.substring(0, authorityEnd).toLowerCase(Locale.ROOT) + lower.substring(authorityEnd);
        StringBuilder regex = new StringBuilder();
        for (String part : normalised.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
