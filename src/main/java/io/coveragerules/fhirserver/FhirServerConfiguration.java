package io.coveragerules.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ReflectionUtils;

/**
 * The FHIR R4 server at {@code /fhir}: HAPI's RestfulServer with read-only providers for the knowledge artefacts, plus
 * any other {@link IResourceProvider} bean and any bean with HAPI {@code @Operation} methods (capabilities add theirs without this class
 * knowing them).
 */
@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(
            FhirContext fhirContext,
            KnowledgeArtifacts artifacts,
            List<IResourceProvider> otherProviders,
            ListableBeanFactory beans) {
        RestfulServer server = new RestfulServer(fhirContext);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerName("Coverage rules server");
        List<IResourceProvider> providers = new ArrayList<>(otherProviders);
        for (Class<? extends MetadataResource> type :
                List.of(Library.class, ValueSet.class, PlanDefinition.class, Questionnaire.class)) {
            providers.add(new KnowledgeArtifactProvider(type, artifacts));
        }
        server.setResourceProviders(providers);
        server.setPlainProviders(operationProviders(beans));
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * Beans that declare HAPI {@code @Operation} methods without being a resource provider (type- and server-level
     * operations such as {@code $questionnaire-package}): found by HAPI's own annotation, so the modules that offer
     * them need not know this one.
     */
    private static List<Object> operationProviders(ListableBeanFactory beans) {
        List<Object> providers = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = beans.getType(name, false);
            if (type != null
                    && !IResourceProvider.class.isAssignableFrom(type)
                    && ReflectionUtils.getUniqueDeclaredMethods(type, m -> m.isAnnotationPresent(Operation.class))
                                    .length
                            > 0) {
                providers.add(beans.getBean(name));
            }
        }
        return providers;
    }
}
