package io.coveragerules.dtr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Builds the DTR QuestionnaireResponse validator (seconds of CPU) in the background from the moment its bean exists,
 * beside the rest of start-up, and holds the server's readiness until it is built (runners finish before readiness
 * turns to accepting traffic): the first write after ready is not the one that pays for it.
 */
@Component
class ValidatorBeforeReady implements ApplicationRunner {

    /** @param buildBeforeReady {@code false}: built on the first write instead (a replica that serves no DTR) */
    @ConfigurationProperties("crd.dtr.validator")
    record Settings(@DefaultValue("true") boolean buildBeforeReady) {}

    private static final Logger log = LoggerFactory.getLogger(ValidatorBeforeReady.class);

    private final QuestionnaireResponseValidator validator;
    private final Settings settings;
    private final long created = System.nanoTime();

    ValidatorBeforeReady(QuestionnaireResponseValidator validator, Settings settings) {
        this.validator = validator;
        this.settings = settings;
        if (settings.buildBeforeReady()) {
            validator.prepare();
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.buildBeforeReady()) {
            validator.awaitBuilt();
            log.info(
                    "QuestionnaireResponse validator ready ({} ms after its build began)",
                    (System.nanoTime() - created) / 1_000_000);
        }
    }
}
