package io.coveragerules.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code aud} a CDS client's JWT must carry: the URL it called, as this server is named by its configuration, never
 * as the request names it. A Host or X-Forwarded-Host header is the caller's to choose, so a token minted for another
 * service would pass if the expected audience were built from it (issue 11, point 1).
 *
 * <p>With {@code crd.public-base-url} set (one URL, or a list when the server has several names), the audience is one
 * of those bases followed by the path called. Unset, the server knows only what its own socket says: the connection's
 * local port on a loopback name ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) or on the local IP address the
 * connection arrived at. That is enough for a server on one machine and never a name another service goes by.
 */
@Component
class ExpectedAudiences {

    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

    private final List<String> publicBaseUrls;

    @Autowired
    ExpectedAudiences(Environment environment) {
        this(Binder.get(environment)
                .bind("crd.public-base-url", Bindable.listOf(String.class))
                .orElse(List.of()));
    }

    ExpectedAudiences(List<String> publicBaseUrls) {
        this.publicBaseUrls = publicBaseUrls.stream()
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", ""))
                .toList();
    }

    boolean configured() {
        return !publicBaseUrls.isEmpty();
    }

    /** Every audience accepted for this request; the first is the one named in the refusal. */
    Set<String> of(HttpServletRequest request) {
        String path = request.getRequestURI();
        Set<String> audiences = new LinkedHashSet<>();
        if (configured()) {
            publicBaseUrls.forEach(base -> audiences.add(base + path));
            return audiences;
        }
        String scheme = request.getScheme();
        int port = request.getLocalPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        List<String> hosts = new ArrayList<>(LOOPBACK);
        hosts.add(literal(request.getLocalAddr()));
        for (String host : hosts) {
            audiences.add(scheme + "://" + host + ":" + port + path);
            if (defaultPort) {
                audiences.add(scheme + "://" + host + path);
            }
        }
        return audiences;
    }

    /** An IP address as it appears in a URL (IPv6 in brackets). */
    private static String literal(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
