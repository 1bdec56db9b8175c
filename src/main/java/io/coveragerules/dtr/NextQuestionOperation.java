package io.coveragerules.dtr;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.stereotype.Component;

/**
 * SDC {@code $next-question} at {@code [base]/Questionnaire/$next-question} (Inferno, the reference implementation)
 * and {@code [base]/$next-question} (DTR 2.0.1's text). Takes the Parameters of the SDC operation
 * ({@code questionnaire-response}) or a bare QuestionnaireResponse (as the DTR reference client sends it) and answers
 * the bare QuestionnaireResponse.
 */
@Component
public class NextQuestionOperation {

    private final NextQuestion nextQuestion;

    public NextQuestionOperation(NextQuestion nextQuestion) {
        this.nextQuestion = nextQuestion;
    }

    @Operation(
            name = "$next-question",
            type = Questionnaire.class,
            idempotent = false,
            canonicalUrl = "http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question")
    public QuestionnaireResponse questionnaireNextQuestion(@ResourceParam IBaseResource input) {
        return nextQuestion.next(response(input));
    }

    @Operation(name = "$next-question", idempotent = false)
    public QuestionnaireResponse serverNextQuestion(@ResourceParam IBaseResource input) {
        return nextQuestion.next(response(input));
    }

    private static QuestionnaireResponse response(IBaseResource input) {
        if (input instanceof QuestionnaireResponse response) {
            return response;
        }
        if (input instanceof Parameters parameters
                && parameters.getParameter("questionnaire-response") != null
                && parameters.getParameter("questionnaire-response").getResource()
                        instanceof QuestionnaireResponse response) {
            return response;
        }
        throw new InvalidRequestException("$next-question takes a QuestionnaireResponse, or Parameters whose "
                + "'questionnaire-response' holds one (SDC parameters-questionnaire-next-question-in)");
    }
}
