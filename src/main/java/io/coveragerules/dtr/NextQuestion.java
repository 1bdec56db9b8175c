package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;

/**
 * SDC {@code $next-question} for the adaptive forms served here: the questions come from the Questionnaire the adaptive
 * one is derived from, a group at a time, and only those that apply given the answers so far (the contained
 * Questionnaire of an adaptive response may not carry enableWhen, so the server decides). A question whose enableWhen
 * depends on one not yet answered waits for a later step. A required question left unanswered is a 400; when nothing
 * is left to ask, the response comes back {@code completed}.
 */
@Component
public class NextQuestion {

    static final String ADAPTIVE =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive";

    private final KnowledgeArtifacts artifacts;
    private final FhirContext fhirContext;

    public NextQuestion(KnowledgeArtifacts artifacts, FhirContext fhirContext) {
        this.artifacts = artifacts;
        this.fhirContext = fhirContext;
    }

    public QuestionnaireResponse next(QuestionnaireResponse response) {
        Questionnaire asked = containedQuestionnaire(response);
        Questionnaire adaptive = adaptiveFor(asked);
        Questionnaire bank = adaptive.getDerivedFrom().isEmpty()
                ? adaptive
                : artifacts
                        .byCanonical(
                                Questionnaire.class,
                                adaptive.getDerivedFrom().get(0).getValue())
                        .orElse(adaptive);
        Map<String, List<Type>> answers = new HashMap<>();
        collectAnswers(response.getItem(), answers);
        Set<String> askedIds = new HashSet<>();
        collectLinkIds(asked.getItem(), askedIds);
        if (!answers.isEmpty()) {
            // The first call carries no answers yet (the client may copy the form's pre-populated first group in).
            requireAnswers(asked.getItem(), answers);
        }

        QuestionnaireResponse result = response.copy();
        Questionnaire next = rebuilt(asked, adaptive);
        boolean added = addNextStep(bank.getItem(), next, answers, askedIds);
        result.getContained().removeIf(r -> r instanceof Questionnaire);
        result.getContained().add(0, next);
        result.setQuestionnaire("#" + next.getIdElement().getIdPart());
        result.setStatus(
                added
                        ? QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS
                        : QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        return result;
    }

    /** Adds the next group's applicable questions to {@code next}; false when nothing is left to ask. */
    private static boolean addNextStep(
            List<Questionnaire.QuestionnaireItemComponent> bank,
            Questionnaire next,
            Map<String, List<Type>> answers,
            Set<String> asked) {
        for (Questionnaire.QuestionnaireItemComponent top : bank) {
            List<Questionnaire.QuestionnaireItemComponent> candidates =
                    top.getType() == Questionnaire.QuestionnaireItemType.GROUP ? top.getItem() : List.of(top);
            if (EnableWhen.of(top, answers, asked) == EnableWhen.State.DISABLED) {
                continue;
            }
            List<Questionnaire.QuestionnaireItemComponent> step = new ArrayList<>();
            for (Questionnaire.QuestionnaireItemComponent item : candidates) {
                if (!asked.contains(item.getLinkId())
                        && EnableWhen.of(item, answers, asked) == EnableWhen.State.ENABLED) {
                    step.add(item);
                }
            }
            if (step.isEmpty()) {
                continue;
            }
            if (top.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
                Questionnaire.QuestionnaireItemComponent group = next.getItem().stream()
                        .filter(i -> i.getLinkId().equals(top.getLinkId()))
                        .findFirst()
                        .orElseGet(() -> next.addItem()
                                .setLinkId(top.getLinkId())
                                .setText(top.getText())
                                .setType(top.getType()));
                step.forEach(item -> group.addItem(withoutConditions(item)));
            } else {
                step.forEach(item -> next.addItem(withoutConditions(item)));
            }
            return true;
        }
        return false;
    }

    /** The contained adaptive Questionnaire (dtr-questionnaire-adapt): no url, derived from the adaptive form. */
    private static Questionnaire rebuilt(Questionnaire asked, Questionnaire adaptive) {
        Questionnaire next = asked.copy();
        next.setUrl(null);
        next.setVersion(null);
        next.setDerivedFrom(List.of(new CanonicalType(adaptive.getUrl())));
        next.setTitle(adaptive.getTitle());
        next.getMeta()
                .setProfile(List.of(new CanonicalType(
                        "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt")));
        next.setExtension(new ArrayList<>(adaptive.getExtension()));
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString(
                "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + escape(adaptive.getTitle()) + "</div>");
        next.setText(narrative);
        if (!next.hasStatus()) {
            next.setStatus(adaptive.getStatus());
        }
        return next;
    }

    private static Questionnaire.QuestionnaireItemComponent withoutConditions(
            Questionnaire.QuestionnaireItemComponent item) {
        Questionnaire.QuestionnaireItemComponent copy = item.copy();
        copy.setEnableWhen(null);
        copy.setEnableBehavior(null);
        copy.setItem(null);
        return copy;
    }

    private Questionnaire containedQuestionnaire(QuestionnaireResponse response) {
        String reference = response.getQuestionnaire();
        for (Resource resource : response.getContained()) {
            if (resource instanceof Questionnaire questionnaire
                    && (reference == null
                            || reference.equals(
                                    "#" + questionnaire.getIdElement().getIdPart()))) {
                return questionnaire;
            }
        }
        throw invalid(
                "The QuestionnaireResponse must contain the adaptive Questionnaire it answers (questionnaire = \"#id\")");
    }

    private Questionnaire adaptiveFor(Questionnaire contained) {
        List<String> candidates = new ArrayList<>();
        if (contained.hasUrl()) {
            candidates.add(contained.getUrl());
        }
        contained.getDerivedFrom().forEach(d -> candidates.add(d.getValue()));
        return candidates.stream()
                .map(c -> artifacts.byCanonical(Questionnaire.class, c))
                .flatMap(Optional::stream)
                .filter(q -> q.hasExtension(ADAPTIVE))
                .findFirst()
                .orElseThrow(() -> invalid(
                        "The contained Questionnaire is derived from no adaptive Questionnaire of this server: %s"
                                .formatted(candidates)));
    }

    private void requireAnswers(List<Questionnaire.QuestionnaireItemComponent> asked, Map<String, List<Type>> answers) {
        List<String> missing = new ArrayList<>();
        collectMissing(asked, answers, missing);
        if (!missing.isEmpty()) {
            throw invalid("Required questions are unanswered: " + missing);
        }
    }

    private static void collectMissing(
            List<Questionnaire.QuestionnaireItemComponent> items,
            Map<String, List<Type>> answers,
            List<String> missing) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            if (item.getRequired()
                    && item.getType() != Questionnaire.QuestionnaireItemType.GROUP
                    && answers.getOrDefault(item.getLinkId(), List.of()).isEmpty()) {
                missing.add(item.getLinkId());
            }
            collectMissing(item.getItem(), answers, missing);
        }
    }

    private static void collectAnswers(
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, Map<String, List<Type>> answers) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                if (answer.hasValue()) {
                    answers.computeIfAbsent(item.getLinkId(), k -> new ArrayList<>())
                            .add(answer.getValue());
                }
                collectAnswers(answer.getItem(), answers);
            }
            collectAnswers(item.getItem(), answers);
        }
    }

    private static void collectLinkIds(List<Questionnaire.QuestionnaireItemComponent> items, Set<String> ids) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            ids.add(item.getLinkId());
            collectLinkIds(item.getItem(), ids);
        }
    }

    private InvalidRequestException invalid(String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.INVALID)
                .setDiagnostics(message);
        return new InvalidRequestException(message, outcome);
    }

    private static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
