package io.coveragerules.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kotlin.Unit;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Bundle;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.EvaluationResults;

/**
 * Runs a policy's CQL against one order. Libraries are compiled once, at start-up, into one shared
 * {@link CqlEnvironment} (library and model managers, terminology, model resolver); an evaluation builds only a fresh
 * engine over it with the call's data, because a {@link CqlEngine} holds per-evaluation state and must never be shared.
 */
public final class PolicyEvaluator {

    private final CqlEnvironment environment;

    /** Evaluates over libraries that {@link LibraryCompiler} compiled into {@code environment} at start-up. */
    PolicyEvaluator(CqlEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Evaluates the conditions of every action of {@code policy} against {@code data} (the order and what is known of
     * the patient) and returns the actions whose condition is true, in the policy's order.
     */
    public List<PolicyAction> applicableActions(Policy policy, Bundle data) {
        List<String> conditions = policy.actions().stream()
                .map(PolicyAction::condition)
                .distinct()
                .toList();
        CqlEngine engine = environment.engineFor(data);
        EvaluationResults results = engine.evaluate(params -> {
            params.library(policy.library(), library -> {
                library.expressions(conditions);
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
        if (results.containsExceptionsFor(policy.library())) {
            RuntimeException cause = results.getExceptionFor(policy.library());
            throw new PolicyEvaluationException(
                    "POL-EVAL policy %s (library %s) could not be evaluated on this order: %s"
                            .formatted(policy.number(), policy.libraryName(), cause.getMessage()),
                    cause);
        }
        EvaluationResult result = results.getResultFor(policy.library());
        Set<String> met = conditions.stream()
                .filter(name -> Boolean.TRUE.equals(result.get(name).getValue()))
                .collect(Collectors.toSet());
        return policy.actions().stream()
                .filter(action -> met.contains(action.condition()))
                .toList();
    }

    /**
     * Evaluates definitions of any loaded library against {@code data}, in the Patient context of {@code patientId}
     * (as a DTR client runs pre-population). Definitions that fail evaluate to null, with the failure logged.
     */
    public Map<String, Object> evaluateForPatient(
            VersionedIdentifier library, Collection<String> expressions, Bundle data, String patientId) {
        CqlEngine engine = environment.engineFor(data);
        EvaluationResults results = engine.evaluate(params -> {
            params.setContextParameter(new kotlin.Pair<>("Patient", patientId));
            params.library(library, l -> {
                l.expressions(expressions);
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
        if (results.containsExceptionsFor(library)) {
            throw new PolicyEvaluationException(
                    "POL-EVAL library %s could not be evaluated: %s"
                            .formatted(
                                    library.getId(),
                                    results.getExceptionFor(library).getMessage()),
                    results.getExceptionFor(library));
        }
        EvaluationResult result = results.getResultFor(library);
        Map<String, Object> values = new LinkedHashMap<>();
        for (String expression : expressions) {
            var value = result.get(expression);
            values.put(expression, value == null ? null : value.getValue());
        }
        return values;
    }
}
