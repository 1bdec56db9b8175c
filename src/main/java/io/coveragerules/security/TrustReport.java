package io.coveragerules.security;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up, in the log, whom this server trusts when that is nobody or a published demo key: an operator who
 * forgot a setting reads why every hook call is a 401 instead of finding out from the EHR (issue 11, point 2).
 */
@Component
class TrustReport {

    private static final Logger log = LoggerFactory.getLogger(TrustReport.class);

    private final CdsClientSecurityProperties cdsClients;
    private final FhirSecurityProperties fhir;
    private final List<TrustedClientKeys> demoKeys;
    private final ExpectedAudiences audiences;

    TrustReport(
            CdsClientSecurityProperties cdsClients,
            FhirSecurityProperties fhir,
            List<TrustedClientKeys> demoKeys,
            ExpectedAudiences audiences) {
        this.cdsClients = cdsClients;
        this.fhir = fhir;
        this.demoKeys = demoKeys;
        this.audiences = audiences;
    }

    @EventListener(ApplicationStartedEvent.class)
    void report() {
        warnings().forEach(log::warn);
    }

    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (!demoKeys.isEmpty()) {
            warnings.add("Profile demo: the demo CDS client and token issuer are trusted; their private key is"
                    + " published in this repository. Never use the demo profile in production.");
        }
        if (!cdsClients.enabled()) {
            warnings.add("CDS client authentication is off (cdshooks.security.enabled=false): anyone can call"
                    + " /cds-services. A closed test bench only.");
        } else {
            if (cdsClients.trustedClients().isEmpty() && demoKeys.isEmpty()) {
                warnings.add("No CDS client is trusted (cdshooks.security.trusted-clients is empty): every hook"
                        + " call is answered 401. Configure the EHRs you trust (README, Security), or start with"
                        + " --spring.profiles.active=demo to try the server with the demo client.");
            }
            if (!audiences.configured()) {
                warnings.add("crd.public-base-url is not set: client JWTs are accepted only with an aud naming"
                        + " this server by localhost or its own IP address. Set it to every URL EHRs call this"
                        + " server by.");
            }
        }
        if (fhir.enabled() && fhir.issuers().isEmpty() && demoKeys.isEmpty()) {
            warnings.add("No authorization server is trusted for FHIR access tokens (fhir.security.issuers is"
                    + " empty): QuestionnaireResponse, AuditEvent and the DTR operations answer 401.");
        }
        return warnings;
    }
}
