package io.coveragerules.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProfileValidatorTest {

    @Test
    void itSaysWhichPackagesTheLoadedOnesDependOnAreMissing() {
        // SDC 4.0.0-ballot depends on these; its QuestionnaireResponse profiles slice extensions defined in the first
        assertThat(CrdProfileValidator.get().missingDependencies())
                .contains("hl7.fhir.uv.extensions.r4#5.1.0", "hl7.terminology.r4#6.1.0")
                .noneMatch(d -> d.startsWith("hl7.fhir.us.core#") || d.startsWith("hl7.fhir.uv.sdc#4.0.0"));
    }
}
