package io.coveragerules.dtr;

import io.coveragerules.policy.KnowledgeArtifacts;
import io.coveragerules.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.springframework.stereotype.Component;

/**
 * Runs a Questionnaire's pre-population as a DTR client would: each item's {@code initialExpression}
 * ({@code text/cql}, {@code "Library".Definition}, the library named by {@code cqf-library}) evaluated against the
 * data at hand in the patient's context. Returns the answers by linkId; items whose expression gives nothing are left out.
 */
@Component
public class QuestionnairePrefill {

    static final String INITIAL_EXPRESSION =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";
    static final String CQF_LIBRARY = "http://hl7.org/fhir/StructureDefinition/cqf-library";
    private static final Pattern LIBRARY_EXPRESSION = Pattern.compile("^\"?([A-Za-z0-9_]+)\"?\\.\"?([^\"]+)\"?$");

    private final KnowledgeArtifacts artifacts;
    private final PolicyEvaluator evaluator;

    public QuestionnairePrefill(KnowledgeArtifacts artifacts, PolicyEvaluator evaluator) {
        this.artifacts = artifacts;
        this.evaluator = evaluator;
    }

    public Map<String, Type> answers(Questionnaire questionnaire, Bundle data, String patientId) {
        Map<String, Library> libraries = new LinkedHashMap<>();
        for (Extension extension : questionnaire.getExtensionsByUrl(CQF_LIBRARY)) {
            artifacts
                    .byCanonical(Library.class, extension.getValue().primitiveValue())
                    .ifPresent(l -> libraries.put(l.getName(), l));
        }
        Map<String, Map<String, String>> byLibrary = new LinkedHashMap<>(); // library → linkId → definition
        collect(questionnaire.getItem(), byLibrary);
        Map<String, Type> answers = new LinkedHashMap<>();
        byLibrary.forEach((libraryName, expressions) -> {
            Library library = libraries.get(libraryName);
            if (library == null) {
                return;
            }
            Map<String, Object> values = evaluator.evaluateForPatient(
                    new VersionedIdentifier().withId(library.getName()).withVersion(library.getVersion()),
                    new ArrayList<>(new LinkedHashSet<>(expressions.values())),
                    data,
                    patientId);
            expressions.forEach((linkId, definition) -> {
                Type answer = toAnswer(values.get(definition));
                if (answer != null) {
                    answers.put(linkId, answer);
                }
            });
        });
        return answers;
    }

    private static void collect(
            List<Questionnaire.QuestionnaireItemComponent> items, Map<String, Map<String, String>> byLibrary) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            Extension initial = item.getExtensionByUrl(INITIAL_EXPRESSION);
            if (initial != null
                    && initial.getValue() instanceof Expression expression
                    && "text/cql".equals(expression.getLanguage())) {
                Matcher matcher = LIBRARY_EXPRESSION.matcher(expression.getExpression());
                if (matcher.matches()) {
                    byLibrary
                            .computeIfAbsent(matcher.group(1), l -> new LinkedHashMap<>())
                            .put(item.getLinkId(), matcher.group(2));
                }
            }
            collect(item.getItem(), byLibrary);
        }
    }

    private static Type toAnswer(Object value) {
        if (value instanceof Code code) {
            return new Coding(code.getSystem(), code.getCode(), code.getDisplay());
        }
        if (value instanceof Coding coding) {
            return coding.copy();
        }
        if (value instanceof String text) {
            return new StringType(text);
        }
        if (value instanceof Boolean flag) {
            return new BooleanType(flag);
        }
        if (value instanceof Type type) {
            return type.copy();
        }
        return null;
    }
}
