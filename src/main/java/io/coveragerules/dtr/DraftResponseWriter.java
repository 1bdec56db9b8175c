package io.coveragerules.dtr;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;

/**
 * The draft QuestionnaireResponse of a DTR package: it names the Questionnaire, the patient and (qr-context) the
 * Coverage(s) and order(s) it documents, the intended use the form declares, and carries what the pre-population CQL
 * could already answer from the request's own resources, each answer marked {@code information-origin} = auto. It is
 * what DTR's {@code dtr-questionnaireresponse} asks of a saved response (intendedUse 1..*, qr-context 2..*, subject,
 * item 1..*), so a client can save it as it comes: every question of the form is an item (answered or not), as SDC
 * {@code $populate} does, so a form with nothing pre-filled still has items.
 */
@Component
public class DraftResponseWriter {

    static final String QR_CONTEXT = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    static final String INFORMATION_ORIGIN =
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin";
    static final String INTENDED_USE = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse";
    /**
     * Where a form says what its responses are for (a DTR intendedUse code, CRD DocReason): the policy author decides
     * it, so it is content on the Questionnaire; DTR's own extension may only sit on a QuestionnaireResponse.
     */
    static final String FORM_INTENDED_USE =
            "http://coverage-rules.example/fhir/StructureDefinition/response-intended-use";

    private final QuestionnairePrefill prefill;

    public DraftResponseWriter(QuestionnairePrefill prefill) {
        this.prefill = prefill;
    }

    QuestionnaireResponse draft(Questionnaire questionnaire, QuestionnairePackager.PackageRequest request) {
        QuestionnaireResponse draft = new QuestionnaireResponse();
        draft.setId(UUID.randomUUID().toString());
        draft.setQuestionnaire(PackageContents.canonical(questionnaire));
        draft.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        draft.setAuthored(new Date());
        String patient = patientReference(request);
        if (patient != null) {
            draft.setSubject(new Reference(patient));
        }
        request.coverages()
                .forEach(c -> draft.addExtension(
                        QR_CONTEXT, new Reference("Coverage/" + c.getIdElement().getIdPart())));
        request.orders()
                .forEach(o -> draft.addExtension(
                        QR_CONTEXT,
                        new Reference(o.fhirType() + "/" + o.getIdElement().getIdPart())));
        questionnaire.getExtensionsByUrl(FORM_INTENDED_USE).stream()
                .filter(Extension::hasValue)
                .forEach(e -> draft.addExtension(INTENDED_USE, e.getValue().copy()));
        Map<String, Type> answers = Map.of();
        if (patient != null && !request.orders().isEmpty()) {
            Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
            request.orders().forEach(o -> data.addEntry().setResource(o));
            request.referenced().forEach(r -> data.addEntry().setResource(r));
            answers = prefill.answers(questionnaire, data, patient.substring(patient.indexOf('/') + 1));
        }
        addItems(questionnaire.getItem(), draft.getItem(), answers);
        return draft;
    }

    /** Mirrors the Questionnaire's item tree, with the pre-filled answers where there are some. */
    private static void addItems(
            List<Questionnaire.QuestionnaireItemComponent> items,
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> into,
            Map<String, Type> answers) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            if (item.getType() == Questionnaire.QuestionnaireItemType.DISPLAY) {
                continue;
            }
            QuestionnaireResponse.QuestionnaireResponseItemComponent response =
                    new QuestionnaireResponse.QuestionnaireResponseItemComponent()
                            .setLinkId(item.getLinkId())
                            .setText(item.getText());
            if (answers.containsKey(item.getLinkId())) {
                Extension origin = new Extension(INFORMATION_ORIGIN);
                origin.addExtension("source", new CodeType("auto"));
                response.addAnswer().setValue(answers.get(item.getLinkId())).addExtension(origin);
            }
            addItems(item.getItem(), response.getItem(), answers);
            into.add(response);
        }
    }

    private static String patientReference(QuestionnairePackager.PackageRequest request) {
        for (Resource order : request.orders()) {
            var subject = order.getNamedProperty("subject");
            if (subject == null) {
                subject = order.getNamedProperty("patient");
            }
            if (subject != null
                    && subject.hasValues()
                    && subject.getValues().get(0) instanceof Reference reference
                    && reference.hasReference()
                    && reference.getReference().startsWith("Patient/")) {
                return reference.getReference();
            }
        }
        for (Coverage coverage : request.coverages()) {
            if (coverage.getBeneficiary().hasReference()) {
                return coverage.getBeneficiary().getReference();
            }
        }
        return null;
    }
}
