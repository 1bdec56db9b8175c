package io.coveragerules.dtr;

import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Builds the DTR QuestionnaireResponse validator and runs its first validation (together seconds of CPU: the IG
 * packages read, the profiles' snapshots generated) in the background from the moment this bean exists, beside the
 * rest of start-up, and holds the server's readiness until that is done (runners finish before readiness turns to
 * accepting traffic): the first write after ready is not the one that pays for it.
 */
@Component
class ValidatorBeforeReady implements ApplicationRunner {

    /** @param buildBeforeReady {@code false}: built on the first write instead (a replica that serves no DTR) */
    @ConfigurationProperties("crd.dtr.validator")
    record Settings(@DefaultValue("true") boolean buildBeforeReady) {}

    private static final Logger log = LoggerFactory.getLogger(ValidatorBeforeReady.class);

    private final CompletableFuture<Long> ready;

    ValidatorBeforeReady(QuestionnaireResponseValidator validator, KnowledgeArtifacts artifacts, Settings settings) {
        long start = System.nanoTime();
        ready = settings.buildBeforeReady()
                ? CompletableFuture.supplyAsync(() -> {
                    validator.errors(sample(artifacts)); // what it finds in this synthetic response does not matter
                    return (System.nanoTime() - start) / 1_000_000;
                })
                : CompletableFuture.completedFuture(-1L);
    }

    @Override
    public void run(ApplicationArguments args) {
        long millis = ready.join();
        if (millis >= 0) {
            log.info("QuestionnaireResponse validator built and run once ({} ms, in the background)", millis);
        }
    }

    /**
     * A synthetic response claiming the DTR profile and answering a form this server serves, so the first validation
     * walks what real ones do.
     */
    private static QuestionnaireResponse sample(KnowledgeArtifacts artifacts) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.getMeta().addProfile(QuestionnaireResponseValidator.PROFILE);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setQuestionnaire(artifacts.ofType(Questionnaire.class).stream()
                .findFirst()
                .map(form -> form.hasVersion() ? form.getUrl() + "|" + form.getVersion() : form.getUrl())
                .orElse("http://example.org/Questionnaire/warm-up"));
        response.setSubject(new Reference("Patient/warm-up"));
        response.setAuthored(new Date());
        response.addItem().setLinkId("1").addAnswer().setValue(new StringType("warm-up"));
        return response;
    }
}
