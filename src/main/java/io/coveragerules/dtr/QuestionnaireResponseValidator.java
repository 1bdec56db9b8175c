package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import io.coveragerules.conformance.ProfileValidator;
import io.coveragerules.policy.KnowledgeArtifacts;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Checks QuestionnaireResponses on the way in against the DTR 2.0.1 QuestionnaireResponse profile, with the IG
 * packages the build copied into the jar ({@code classpath:fhir-packages}), and against the server's own Questionnaire it
 * answers. The validator takes seconds to build: {@link ValidatorBeforeReady} builds it before the server reports ready
 * (unless {@code crd.dtr.validator.build-before-ready=false}); otherwise the first write builds it and waits for it.
 */
@Component
public class QuestionnaireResponseValidator {

    public static final String PROFILE =
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse";
    private static final Logger log = LoggerFactory.getLogger(QuestionnaireResponseValidator.class);

    private final CompletableFuture<ProfileValidator> validator = new CompletableFuture<>();
    private final AtomicBoolean building = new AtomicBoolean();
    private final FhirContext fhirContext;
    private final KnowledgeArtifacts artifacts;

    public QuestionnaireResponseValidator(FhirContext fhirContext, KnowledgeArtifacts artifacts) {
        this.fhirContext = fhirContext;
        this.artifacts = artifacts;
    }

    /**
     * Built once, by whichever comes first: {@link ValidatorBeforeReady} at start-up or the first write. It costs
     * seconds of CPU and some 300 MB of heap, which a replica answering only CDS Hooks can spare itself by switching the
     * build before ready off.
     */
    private void buildOnce() {
        if (building.getAndSet(true)) {
            return;
        }
        CompletableFuture.supplyAsync(() -> {
                    List<Callable<InputStream>> archives = packageArchives();
                    ProfileValidator built = new ProfileValidator(
                            fhirContext, archives, List.of(new ServedQuestionnaires(artifacts, fhirContext)));
                    if (!built.knows(PROFILE)) {
                        log.warn(
                                "The DTR IG package is not in this build (classpath:fhir-packages); QuestionnaireResponses are "
                                        + "validated against base FHIR R4 only. Build with -Dfhir.packages.dir=<folder of IG packages>.");
                    }
                    if (!built.missingDependencies().isEmpty()) {
                        log.warn(
                                "IG packages that the loaded ones depend on are not in this build: {}; their profiles "
                                        + "(e.g. extensions that SDC's QuestionnaireResponse profiles slice on) are not checked",
                                built.missingDependencies());
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

    /**
     * Error messages; empty when the response conforms to the DTR profile (and any it declares) and answers a form of
     * this server as that form allows ({@code in-progress} may leave required items open, {@code completed} may not).
     */
    public List<String> errors(QuestionnaireResponse response) {
        String questionnaire = response.getQuestionnaire();
        if (questionnaire == null || questionnaire.isBlank()) {
            return List.of("QuestionnaireResponse.questionnaire: the canonical of the form answered is required");
        }
        if (!questionnaire.startsWith("#")
                && artifacts.byCanonical(Questionnaire.class, questionnaire).isEmpty()) {
            return List.of(("QuestionnaireResponse.questionnaire: %s is not a Questionnaire (or version) of this "
                            + "server; answer a form it serves (GET /fhir/Questionnaire?url=...)")
                    .formatted(questionnaire));
        }
        buildOnce();
        ProfileValidator profileValidator = validator.join();
        return profileValidator.errors(response, profileValidator.knows(PROFILE) ? PROFILE : null).stream()
                .map(message -> ItemNames.withLinkId(message, response))
                .toList();
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
