package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.conformance.ProfileValidator;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Checks QuestionnaireResponses on the way in against the DTR 2.0.1 QuestionnaireResponse profile, with the IG
 * packages the build copied into the jar ({@code classpath:fhir-packages}). The validator takes seconds to build; the
 * first write builds it and waits for it.
 */
@Component
public class QuestionnaireResponseValidator {

    public static final String PROFILE =
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse";
    private static final Logger log = LoggerFactory.getLogger(QuestionnaireResponseValidator.class);

    private final CompletableFuture<ProfileValidator> validator = new CompletableFuture<>();
    private final AtomicBoolean building = new AtomicBoolean();
    private final FhirContext fhirContext;

    public QuestionnaireResponseValidator(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /**
     * Built on the first QuestionnaireResponse write, not at start-up: it costs seconds of CPU and some 300 MB of heap
     * that a replica answering only CDS Hooks never needs.
     */
    private void buildOnce() {
        if (building.getAndSet(true)) {
            return;
        }
        CompletableFuture.supplyAsync(() -> {
                    List<Callable<InputStream>> archives = packageArchives();
                    ProfileValidator built = new ProfileValidator(fhirContext, archives);
                    if (!built.knows(PROFILE)) {
                        log.warn(
                                "The DTR IG package is not in this build (classpath:fhir-packages); QuestionnaireResponses are "
                                        + "validated against base FHIR R4 only. Build with -Dfhir.packages.dir=<folder of IG packages>.");
                    }
                    return built;
                })
                .whenComplete((built, failure) -> {
                    if (failure != null) {
                        validator.completeExceptionally(failure);
                    } else {
                        validator.complete(built);
                    }
                });
    }

    /** Error messages; empty when the response conforms. */
    public List<String> errors(QuestionnaireResponse response) {
        buildOnce();
        ProfileValidator profileValidator = validator.join();
        return profileValidator.errors(response, profileValidator.knows(PROFILE) ? PROFILE : null);
    }

    private static List<Callable<InputStream>> packageArchives() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath*:fhir-packages/*.tgz");
            return Arrays.stream(found)
                    .<Callable<InputStream>>map(r -> r::getInputStream)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list classpath:fhir-packages", e);
        }
    }
}
