package io.coveragerules.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR R4 server at {@code /fhir}: HAPI's RestfulServer with read-only providers for the knowledge artefacts, plus
 * any other {@link IResourceProvider} and {@link OperationProvider} bean (capabilities add theirs without this class
 * knowing them).
 */
@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(
            FhirContext fhirContext,
            KnowledgeArtifacts artifacts,
            List<IResourceProvider> otherProviders,
            List<OperationProvider> operationProviders) {
        RestfulServer server = new RestfulServer(fhirContext);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerName("Coverage rules server");
        List<IResourceProvider> providers = new ArrayList<>(otherProviders);
        for (Class<? extends org.hl7.fhir.r4.model.MetadataResource> type :
                List.of(Library.class, ValueSet.class, PlanDefinition.class, Questionnaire.class)) {
            providers.add(new KnowledgeArtifactProvider(type, artifacts));
        }
        server.setResourceProviders(providers);
        server.setPlainProviders(new ArrayList<Object>(operationProviders));
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
