package io.coveragerules.dtr;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Type;

/**
 * Evaluates a Questionnaire item's {@code enableWhen} against the answers given so far. {@code UNKNOWN} when it
 * depends on a question not asked yet: the item waits for a later step.
 */
final class EnableWhen {

    enum State {
        ENABLED,
        DISABLED,
        UNKNOWN
    }

    private EnableWhen() {}

    static State of(Questionnaire.QuestionnaireItemComponent item, Map<String, List<Type>> answers, Set<String> asked) {
        if (!item.hasEnableWhen()) {
            return State.ENABLED;
        }
        boolean any = item.getEnableBehavior() == Questionnaire.EnableWhenBehavior.ANY;
        boolean result = !any;
        for (Questionnaire.QuestionnaireItemEnableWhenComponent condition : item.getEnableWhen()) {
            if (!asked.contains(condition.getQuestion())) {
                return State.UNKNOWN;
            }
            boolean holds = holds(condition, answers.getOrDefault(condition.getQuestion(), List.of()));
            result = any ? result || holds : result && holds;
        }
        return result ? State.ENABLED : State.DISABLED;
    }

    private static boolean holds(Questionnaire.QuestionnaireItemEnableWhenComponent condition, List<Type> given) {
        return switch (condition.getOperator()) {
            case EXISTS -> given.isEmpty() != condition.getAnswerBooleanType().booleanValue();
            case EQUAL -> given.stream().anyMatch(a -> same(a, condition.getAnswer()));
            case NOT_EQUAL -> given.stream().noneMatch(a -> same(a, condition.getAnswer()));
            default -> false; // ordering comparisons are not used by the forms served here
        };
    }

    private static boolean same(Type answer, Type expected) {
        if (answer instanceof Coding a && expected instanceof Coding e) {
            return Objects.equals(a.getSystem(), e.getSystem()) && Objects.equals(a.getCode(), e.getCode());
        }
        return answer.primitiveValue() != null && answer.primitiveValue().equals(expected.primitiveValue());
    }
}
