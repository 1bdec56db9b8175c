package io.coveragerules.cdshooks.crd;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * CRD settings.
 *
 * @param payer              the payer this server speaks for; its name is every card's {@code source.label}
 * @param publicBaseUrl      the server's public base URLs (the first is used for links to documents it serves itself;
 *                           security checks client JWT audiences against all); when unset, the base of the request is
 *                           used (behind a proxy, set this or let a trusted proxy forward the X-Forwarded headers)
 * @param policyDocumentUrls policy number → the payer's own URL of that policy; a policy without one links to the
 *                           copy this server serves at {@code /policies/{number}}
 */
@ConfigurationProperties("crd")
record CrdProperties(@DefaultValue Payer payer, List<String> publicBaseUrl, Map<String, String> policyDocumentUrls) {

    public CrdProperties {
        publicBaseUrl = publicBaseUrl == null ? List.of() : List.copyOf(publicBaseUrl);
        policyDocumentUrls = policyDocumentUrls == null ? Map.of() : Map.copyOf(policyDocumentUrls);
    }

    /**
     * The base of links to what this server serves itself (policy texts, the DTR app): the first public base URL, or
     * the base of the current request when none is configured.
     */
    String linkBase() {
        return !publicBaseUrl.isEmpty()
                ? publicBaseUrl.get(0).replaceAll("/+$", "")
                : ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }

    /**
     * @param name        the insurer name users recognise from the patient's insurance card (CRD: card source label)
     * @param identifiers the payer's identifiers as {@code system|value}; a Coverage whose payor carries other
     *                    identifiers (and none of these) belongs to another payer. Empty: any payor is accepted
     */
    public record Payer(@DefaultValue("Example Health Plan") String name, List<String> identifiers) {
        public Payer {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }
    }
}
