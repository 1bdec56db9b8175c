package io.coveragerules.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which SMART system scopes grant reading or writing a resource type (v1 .read/.write/.*, v2 c/r/u/d/s). */
class SmartScopeTest {

    @Test
    void readScopes() {
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.read", "QuestionnaireResponse", "read"))
                .isTrue();
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.rs", "QuestionnaireResponse", "read"))
                .isTrue();
        assertThat(FhirAccessFilter.grants("system/*.read", "AuditEvent", "read"))
                .isTrue();
        assertThat(FhirAccessFilter.grants(
                        "system/QuestionnaireResponse.rs?patient=1", "QuestionnaireResponse", "read"))
                .isTrue();
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.cu", "QuestionnaireResponse", "read"))
                .isFalse();
    }

    @Test
    void writeScopes() {
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.write", "QuestionnaireResponse", "write"))
                .isTrue();
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.cruds", "QuestionnaireResponse", "write"))
                .isTrue();
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.*", "QuestionnaireResponse", "write"))
                .isTrue();
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse.rs", "QuestionnaireResponse", "write"))
                .isFalse();
    }

    @Test
    void otherTypesAndNonSystemScopesGrantNothing() {
        assertThat(FhirAccessFilter.grants("system/Questionnaire.rs", "QuestionnaireResponse", "read"))
                .isFalse();
        assertThat(FhirAccessFilter.grants("user/QuestionnaireResponse.read", "QuestionnaireResponse", "read"))
                .isFalse();
        assertThat(FhirAccessFilter.grants("patient/*.*", "QuestionnaireResponse", "read"))
                .isFalse();
        assertThat(FhirAccessFilter.grants("system/QuestionnaireResponse", "QuestionnaireResponse", "read"))
                .isFalse();
        assertThat(FhirAccessFilter.grants("openid", "QuestionnaireResponse", "read"))
                .isFalse();
    }
}
