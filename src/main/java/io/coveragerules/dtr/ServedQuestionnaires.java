package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import io.coveragerules.policy.KnowledgeArtifacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * Lends HAPI's validator the Questionnaires this server serves, by canonical ({@code url} or {@code url|version}), so
 * that its QuestionnaireResponse validator checks the answers against the form itself: linkIds, answer types and
 * options, required items and enableWhen. The library does that well; this class only lets it find the forms.
 */
final class ServedQuestionnaires implements IValidationSupport {

    private final KnowledgeArtifacts artifacts;
    private final FhirContext fhirContext;

    ServedQuestionnaires(KnowledgeArtifacts artifacts, FhirContext fhirContext) {
        this.artifacts = artifacts;
        this.fhirContext = fhirContext;
    }

    @Override
    public FhirContext getFhirContext() {
        return fhirContext;
    }

    @Override
    public String getName() {
        return "Questionnaires served at /fhir";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> T fetchResource(Class<T> type, String uri) {
        if (uri == null || (type != null && !type.isAssignableFrom(Questionnaire.class))) {
            return null;
        }
        return (T) artifacts.byCanonical(Questionnaire.class, uri).orElse(null);
    }
}
