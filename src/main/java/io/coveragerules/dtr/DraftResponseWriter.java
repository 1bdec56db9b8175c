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
 * Coverage(s) and order(s) it documents, and carries what the pre-population CQL could already answer from the
 * request's own resources, each answer marked {@code information-origin} = auto.
 */
@Component
public class DraftResponseWriter {

    static final String QR_CONTEXT = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    static final String INFORMATION_ORIGIN =
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin";

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
        if (patient != null && !request.orders().isEmpty()) {
            Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
            request.orders().forEach(o -> data.addEntry().setResource(o));
            request.referenced().forEach(r -> data.addEntry().setResource(r));
            Map<String, Type> answers =
                    prefill.answers(questionnaire, data, patient.substring(patient.indexOf('/') + 1));
            addAnswers(questionnaire.getItem(), draft.getItem(), answers);
        }
        return draft;
    }

    /** Mirrors the Questionnaire's item tree for the answered items only (groups kept where they hold an answer). */
    private static boolean addAnswers(
            List<Questionnaire.QuestionnaireItemComponent> items,
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> into,
            Map<String, Type> answers) {
        boolean any = false;
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent response =
                    new QuestionnaireResponse.QuestionnaireResponseItemComponent()
                            .setLinkId(item.getLinkId())
                            .setText(item.getText());
            boolean answered = false;
            if (answers.containsKey(item.getLinkId())) {
                Extension origin = new Extension(INFORMATION_ORIGIN);
                origin.addExtension("source", new CodeType("auto"));
                response.addAnswer().setValue(answers.get(item.getLinkId())).addExtension(origin);
                answered = true;
            }
            answered |= addAnswers(item.getItem(), response.getItem(), answers);
            if (answered) {
                into.add(response);
                any = true;
            }
        }
        return any;
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
