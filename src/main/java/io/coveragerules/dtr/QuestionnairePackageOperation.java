package io.coveragerules.dtr;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/Questionnaire/$questionnaire-package} (the DTR 2.0.1 OperationDefinition, where Inferno calls it)
 * and {@code POST [base]/$questionnaire-package} (the address DTR's specification text uses).
 */
@Component
public class QuestionnairePackageOperation {

    private final QuestionnairePackager packager;

    public QuestionnairePackageOperation(QuestionnairePackager packager) {
        this.packager = packager;
    }

    @Operation(
            name = "$questionnaire-package",
            type = Questionnaire.class,
            idempotent = false,
            canonicalUrl = "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package")
    public Parameters questionnairePackage(@ResourceParam IBaseResource input, RequestDetails request) {
        return packager.packageFor(parameters(input), request.getFhirServerBase());
    }

    @Operation(name = "$questionnaire-package", idempotent = false)
    public Parameters serverQuestionnairePackage(@ResourceParam IBaseResource input, RequestDetails request) {
        return packager.packageFor(parameters(input), request.getFhirServerBase());
    }

    private static Parameters parameters(IBaseResource input) {
        if (!(input instanceof Parameters parameters)) {
            throw new InvalidRequestException(
                    "$questionnaire-package takes a Parameters resource (DTR dtr-qpackage-input-parameters), not "
                            + (input == null ? "an empty body" : "a " + input.fhirType()));
        }
        return parameters;
    }
}
