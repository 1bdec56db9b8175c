package io.coveragerules.cdshooks.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DeviceRequest;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.web.cors.CorsConfiguration;

/**
 * A real FHIR server standing in for an EHR's: HAPI's RestfulServer on an embedded Tomcat on a random loopback port,
 * serving the resources a test gives it (read, and search by patient or _id, paged two entries a page; create and
 * update, as a SMART app writes; CORS open, as for apps served elsewhere). It records every request and its
 * Authorization header, and can be told to hang or to fail.
 */
public final class TestEhrServer implements AutoCloseable {

    public enum Mode {
        SERVE,
        HANG,
        FAIL
    }

    private static final List<Class<? extends Resource>> TYPES = List.of(
            Patient.class,
            Coverage.class,
            Condition.class,
            ServiceRequest.class,
            DeviceRequest.class,
            Organization.class,
            Encounter.class,
            Practitioner.class,
            QuestionnaireResponse.class);

    private final Map<String, Resource> store = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Mode mode = Mode.SERVE;
    private final Tomcat tomcat;
    private final Context context;
    private final int port;

    public TestEhrServer() throws Exception {
        RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached()) {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                requests.add(request.getMethod() + " " + request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
                authorizations.add(String.valueOf(request.getHeader("Authorization")));
                if (mode == Mode.HANG) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                if (mode == Mode.FAIL) {
                    response.sendError(500, "the EHR is down");
                    return;
                }
                super.service(request, response);
            }
        };
        fhir.setResourceProviders(
                TYPES.stream().<IResourceProvider>map(StoreProvider::new).toList());
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
        paging.setDefaultPageSize(2);
        paging.setMaximumPageSize(2);
        fhir.setPagingProvider(paging);
        // EHRs let SMART apps served from other origins read and write through the browser.
        CorsConfiguration cors = new CorsConfiguration();
        cors.addAllowedOriginPattern("*");
        cors.addAllowedHeader("*");
        cors.addExposedHeader("Location");
        cors.addExposedHeader("Content-Location");
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        fhir.registerInterceptor(new CorsInterceptor(cors));
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("test-ehr").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "fhir", fhir).setLoadOnStartup(1);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
        warmUp();
    }

    /**
     * One search answered before any test talks to it (HAPI's server builds its bindings on the first request), so
     * that a test's first read is not slower than the deadline only because this server is cold; it is not recorded.
     */
    private void warmUp() throws Exception {
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/Condition?patient=warm-up"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        requests.clear();
        authorizations.clear();
    }

    /** The base URL by host name (the tests allow-list {@code http://localhost:*}). */
    public String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }

    /**
     * A server that lives as long as the JVM (closed by a shutdown hook), for a Spring context shared by many tests to
     * be configured with.
     */
    public static TestEhrServer forTheJvm() {
        try {
            TestEhrServer server = new TestEhrServer();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    // the JVM is going away anyway
                }
            }));
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("the test EHR server did not start", e);
        }
    }

    /** The base URL by IP address (the tests allow-list one such server by its exact base URL). */
    public String baseUrlByAddress() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    /** The same server by IP address: not on the allow-list. */
    public String baseUrlOffTheAllowList() {
        return "http://127.0.0.1:" + port + "/fhir";
    }

    /** Serves another servlet beside the FHIR server (such as a SMART authorization server), at an exact path. */
    public TestEhrServer serve(String path, HttpServlet servlet) {
        String name = "servlet-" + path;
        Tomcat.addServlet(context, name, servlet);
        context.addServletMappingDecoded(path, name);
        return this;
    }

    /** What the store holds of one type (e.g. what a SMART app wrote). */
    public <T extends Resource> List<T> stored(Class<T> type) {
        return store.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    public TestEhrServer with(Resource... resources) {
        for (Resource r : resources) {
            store.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
        }
        return this;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() throws Exception {
        release.countDown();
        tomcat.stop();
        tomcat.destroy();
    }

    /** Read and search of one resource type from the store. */
    public class StoreProvider implements IResourceProvider {

        private final Class<? extends Resource> type;

        StoreProvider(Class<? extends Resource> type) {
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Read
        public IBaseResource read(@IdParam IdType id) {
            Resource resource = store.get(type.getSimpleName() + "/" + id.getIdPart());
            if (resource == null) {
                throw new ResourceNotFoundException(id);
            }
            return resource;
        }

        @Create
        public MethodOutcome create(@ResourceParam IBaseResource resource) {
            Resource created = (Resource) resource;
            created.setId(type.getSimpleName() + "/" + UUID.randomUUID());
            store.put(type.getSimpleName() + "/" + created.getIdElement().getIdPart(), created);
            return new MethodOutcome(created.getIdElement(), true).setResource(created);
        }

        @Update
        public MethodOutcome update(@IdParam IdType id, @ResourceParam IBaseResource resource) {
            Resource updated = (Resource) resource;
            updated.setId(type.getSimpleName() + "/" + id.getIdPart());
            store.put(type.getSimpleName() + "/" + id.getIdPart(), updated);
            return new MethodOutcome(updated.getIdElement(), false).setResource(updated);
        }

        @Search
        public List<IBaseResource> search(
                @OptionalParam(name = "patient") ReferenceParam patient,
                @OptionalParam(name = "_id") TokenParam id,
                @OptionalParam(name = "status") TokenParam status,
                @OptionalParam(name = "clinical-status") TokenParam clinicalStatus) {
            return store.values().stream()
                    .filter(type::isInstance)
                    .filter(r ->
                            id == null || id.getValue().equals(r.getIdElement().getIdPart()))
                    .filter(r -> patient == null || refersToPatient(r, patient.getIdPart()))
                    .sorted(Comparator.comparing(r -> r.getIdElement().getIdPart()))
                    .map(IBaseResource.class::cast)
                    .toList();
        }

        private boolean refersToPatient(Resource resource, String patientId) {
            String encoded = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource);
            return encoded.contains("\"Patient/" + patientId + "\"");
        }
    }
}
