package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.stereotype.Component;

/**
 * QuestionnaireResponse create, read, update and search at {@code /fhir/QuestionnaireResponse}, kept in PostgreSQL.
 * Every write is validated first, against the DTR QuestionnaireResponse profile (and any it declares) and against the
 * server's own Questionnaire it answers: an invalid one gets a 422 with the validator's messages (naming the item) and
 * nothing is stored. An update with {@code If-Match} succeeds only on the current version.
 */
@Component
public class QuestionnaireResponseProvider implements IResourceProvider {

    /** The stable code of a refused QuestionnaireResponse (issue.details.text); the diagnostics say what to fix. */
    static final String INVALID_RESPONSE = "DTR-422-RESPONSE";

    private final QuestionnaireResponseStore store;
    private final QuestionnaireResponseValidator validator;
    private final FhirContext fhirContext;

    QuestionnaireResponseProvider(
            QuestionnaireResponseStore store, QuestionnaireResponseValidator validator, FhirContext fhirContext) {
        this.store = store;
        this.validator = validator;
        this.fhirContext = fhirContext;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return QuestionnaireResponse.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam QuestionnaireResponse response) {
        requireValid(response);
        QuestionnaireResponse stored = store.create(response);
        return new MethodOutcome(
                        stored.getIdElement()
                                .withResourceType("QuestionnaireResponse")
                                .withVersion(stored.getMeta().getVersionId()),
                        true)
                .setResource(stored);
    }

    @Read
    public QuestionnaireResponse read(@IdParam IdType id) {
        return store.read(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam QuestionnaireResponse response) {
        if (response.hasIdElement()
                && response.getIdElement().hasIdPart()
                && !response.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id %s differs from the URL's %s"
                    .formatted(response.getIdElement().getIdPart(), id.getIdPart()));
        }
        requireValid(response);
        Long expected = id.hasVersionIdPart() ? parseVersion(id.getVersionIdPart()) : null;
        try {
            QuestionnaireResponse stored = store.update(id.getIdPart(), expected, response)
                    .orElseThrow(() -> new ResourceNotFoundException(id));
            return new MethodOutcome(
                            stored.getIdElement()
                                    .withResourceType("QuestionnaireResponse")
                                    .withVersion(stored.getMeta().getVersionId()),
                            false)
                    .setResource(stored);
        } catch (QuestionnaireResponseStore.VersionConflict e) {
            throw new ResourceVersionConflictException(e.getMessage());
        }
    }

    @Search
    public List<QuestionnaireResponse> search(
            @OptionalParam(name = QuestionnaireResponse.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = QuestionnaireResponse.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = QuestionnaireResponse.SP_QUESTIONNAIRE) ReferenceParam questionnaire,
            @OptionalParam(name = QuestionnaireResponse.SP_STATUS) TokenParam status,
            @OptionalParam(name = QuestionnaireResponse.SP_AUTHORED) DateRangeParam authored) {
        String subjectReference = patient != null
                ? "Patient/" + patient.getIdPart()
                : subject != null
                        ? subject.getResourceType() == null
                                ? subject.getValue()
                                : subject.getResourceType() + "/" + subject.getIdPart()
                        : null;
        return store.search(new QuestionnaireResponseStore.Criteria(
                subjectReference,
                questionnaire == null ? null : questionnaire.getValue(),
                status == null ? null : status.getValue(),
                authored == null || authored.getLowerBoundAsInstant() == null
                        ? null
                        : authored.getLowerBoundAsInstant().toInstant(),
                authored == null || authored.getUpperBoundAsInstant() == null
                        ? null
                        : authored.getUpperBoundAsInstant().toInstant()));
    }

    private void requireValid(QuestionnaireResponse response) {
        List<String> errors = validator.errors(response);
        if (!errors.isEmpty()) {
            OperationOutcome outcome = new OperationOutcome();
            errors.forEach(e -> outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDetails(new CodeableConcept().setText(INVALID_RESPONSE))
                    .setDiagnostics(e));
            throw new UnprocessableEntityException(fhirContext, outcome);
        }
    }

    private static Long parseVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("If-Match must name a version of this server, e.g. W/\"3\"");
        }
    }
}
