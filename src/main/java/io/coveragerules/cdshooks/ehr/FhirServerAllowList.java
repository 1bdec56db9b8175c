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
 */
@Component
class FhirServerAllowList {

    private final List<Pattern> patterns;

    public FhirServerAllowList(EhrProperties properties) {
        this.patterns = properties.allowedFhirServers().stream()
                .map(FhirServerAllowList::toPattern)
                .toList();
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
        String normalised = uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                + uri.getRawAuthority().toLowerCase(Locale.ROOT) + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return patterns.stream()
                .anyMatch(p -> p.matcher(normalised).matches()
                        || p.matcher(normalised + "/").matches());
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
