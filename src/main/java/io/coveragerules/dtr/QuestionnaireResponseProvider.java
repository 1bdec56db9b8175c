package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
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
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.coveragerules.database.StorageFailures;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
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
 * Writes can be retried safely: a conditional create ({@code If-None-Exist: identifier=system|value}) finds the
 * response a first attempt stored, and a PUT to a new client-assigned id creates it. A database that cannot be
 * reached is a 503 with a plain OperationOutcome ({@link StorageFailures}).
 */
@Component
public class QuestionnaireResponseProvider implements IResourceProvider {

    private static final StorageFailures STORAGE = new StorageFailures(
            "The QuestionnaireResponse store",
            "nothing was changed. Retry later (a conditional create or a PUT to your own id is safe to retry).");

    /** The stable code of a refused QuestionnaireResponse (issue.details.text); the diagnostics say what to fix. */
    static final String INVALID_RESPONSE = "DTR-422-RESPONSE";

    /** FHIR's id type: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

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
    public MethodOutcome create(
            @ResourceParam QuestionnaireResponse response, @ConditionalUrlParam String ifNoneExist) {
        requireValid(response);
        if (ifNoneExist != null) {
            String identifier = conditionalIdentifier(ifNoneExist);
            try {
                QuestionnaireResponseStore.Stored stored =
                        STORAGE.guard(() -> store.createIfNoneExists(identifier, response));
                return outcome(stored.resource(), stored.created());
            } catch (QuestionnaireResponseStore.MultipleMatches e) {
                throw new PreconditionFailedException(e.getMessage());
            }
        }
        return outcome(STORAGE.guard(() -> store.create(response)), true);
    }

    @Read
    public QuestionnaireResponse read(@IdParam IdType id) {
        return STORAGE.guard(() -> store.read(id.getIdPart())).orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam QuestionnaireResponse response) {
        if (response.hasIdElement()
                && response.getIdElement().hasIdPart()
                && !response.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id %s differs from the URL's %s"
                    .formatted(response.getIdElement().getIdPart(), id.getIdPart()));
        }
        if (!FHIR_ID.matcher(id.getIdPart()).matches()) {
            throw new InvalidRequestException(
                    "A QuestionnaireResponse id is 1 to 64 letters, digits, '-' or '.' (FHIR id): " + id.getIdPart());
        }
        requireValid(response);
        Long expected = id.hasVersionIdPart() ? parseVersion(id.getVersionIdPart()) : null;
        try {
            QuestionnaireResponseStore.Stored stored = STORAGE.guard(
                            () -> store.update(id.getIdPart(), expected, response))
                    .orElseThrow(() -> new ResourceNotFoundException(id));
            return outcome(stored.resource(), stored.created());
        } catch (QuestionnaireResponseStore.VersionConflict e) {
            throw new ResourceVersionConflictException(e.getMessage());
        }
    }

    private static MethodOutcome outcome(QuestionnaireResponse stored, boolean created) {
        return new MethodOutcome(
                        stored.getIdElement()
                                .withResourceType("QuestionnaireResponse")
                                .withVersion(stored.getMeta().getVersionId()),
                        created)
                .setResource(stored);
    }

    /** The {@code system|value} an If-None-Exist header names; only {@code identifier} is supported. */
    static String conditionalIdentifier(String ifNoneExist) {
        String query = ifNoneExist.substring(ifNoneExist.indexOf('?') + 1);
        String[] parameter = query.split("=", 2);
        if (query.contains("&")
                || parameter.length != 2
                || !parameter[0].equals(QuestionnaireResponse.SP_IDENTIFIER)
                || !URLDecoder.decode(parameter[1], StandardCharsets.UTF_8).matches("[^|]*\\|.+")) {
            throw new InvalidRequestException("If-None-Exist supports one search parameter, identifier=system|value "
                    + "(the QuestionnaireResponse's identifier), e.g. If-None-Exist: identifier=urn:ietf:rfc:3986|"
                    + "urn:uuid:0f7a...; got: " + ifNoneExist);
        }
        return URLDecoder.decode(parameter[1], StandardCharsets.UTF_8);
    }

    @Search
    public List<QuestionnaireResponse> search(
            @OptionalParam(name = QuestionnaireResponse.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = QuestionnaireResponse.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = QuestionnaireResponse.SP_QUESTIONNAIRE) ReferenceParam questionnaire,
            @OptionalParam(name = QuestionnaireResponse.SP_STATUS) TokenParam status,
            @OptionalParam(name = QuestionnaireResponse.SP_AUTHORED) DateRangeParam authored,
            @OptionalParam(name = QuestionnaireResponse.SP_IDENTIFIER) TokenParam identifier) {
        String subjectReference = patient != null
                ? "Patient/" + patient.getIdPart()
                : subject != null
                        ? subject.getResourceType() == null
                                ? subject.getValue()
                                : subject.getResourceType() + "/" + subject.getIdPart()
                        : null;
        return STORAGE.guard(() -> store.search(new QuestionnaireResponseStore.Criteria(
                subjectReference,
                questionnaire == null ? null : questionnaire.getValue(),
                status == null ? null : status.getValue(),
                authored == null || authored.getLowerBoundAsInstant() == null
                        ? null
                        : authored.getLowerBoundAsInstant().toInstant(),
                authored == null || authored.getUpperBoundAsInstant() == null
                        ? null
                        : authored.getUpperBoundAsInstant().toInstant(),
                identifier == null
                        ? null
                        : (identifier.getSystem() == null ? "" : identifier.getSystem()) + "|"
                                + identifier.getValue())));
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
