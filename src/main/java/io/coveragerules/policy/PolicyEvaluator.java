package io.coveragerules.policy;

import ca.uhn.fhir.repository.IRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kotlin.Unit;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmJsonLibraryWriter;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.EvaluationResults;
import org.opencds.cqf.fhir.cql.Engines;
import org.opencds.cqf.fhir.cql.EvaluationSettings;

/**
 * Runs a policy's CQL against one order. Libraries are translated and compiled once, at construction, into the shared
 * {@link EvaluationSettings} caches (compiled libraries, ValueSet expansions); an evaluation then only builds a fresh
 * engine over those caches, because a {@link CqlEngine} holds per-evaluation state and must never be shared.
 */
public final class PolicyEvaluator {

    static final String ELM_JSON = "application/elm+json";

    private final IRepository repository;
    private final EvaluationSettings settings;

    /**
     * Compiles every Library that carries CQL (failing fast on errors), attaches its ELM as {@code application/elm+json}
     * (DTR clients run the ELM) and checks that every policy action names a definition of its library.
     */
    PolicyEvaluator(IRepository repository, List<Policy> policies, List<Library> libraries) {
        this.repository = repository;
        this.settings = EvaluationSettings.getDefault();
        Map<String, CompiledLibrary> compiled = new java.util.HashMap<>();
        for (Library library : libraries) {
            if (library.getContent().stream().anyMatch(c -> "text/cql".equals(c.getContentType()))) {
                CompiledLibrary result = compile(
                        new VersionedIdentifier().withId(library.getName()).withVersion(library.getVersion()));
                compiled.put(library.getName(), result);
                library.getContent().removeIf(c -> ELM_JSON.equals(c.getContentType()));
                library.addContent()
                        .setContentType(ELM_JSON)
                        .setData(new ElmJsonLibraryWriter()
                                .writeAsString(result.getLibrary())
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
        for (Policy policy : policies) {
            CompiledLibrary library = compiled.get(policy.libraryName());
            if (library == null) {
                throw new PolicyLoadException("POL-002 policy %s: no file in cql/ declares library %s"
                        .formatted(policy.number(), policy.libraryName()));
            }
            requireDefinitions(policy, library);
        }
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
        CqlEngine engine = Engines.forRepository(repository, settings, data);
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
            VersionedIdentifier library, java.util.Collection<String> expressions, Bundle data, String patientId) {
        CqlEngine engine = Engines.forRepository(repository, settings, data);
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
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (String expression : expressions) {
            var value = result.get(expression);
            values.put(expression, value == null ? null : value.getValue());
        }
        return values;
    }

    private CompiledLibrary compile(VersionedIdentifier library) {
        List<CqlCompilerException> problems = new ArrayList<>();
        CompiledLibrary compiled = Engines.forRepository(repository, settings)
                .getEnvironment()
                .getLibraryManager()
                .resolveLibrary(library, problems);
        List<String> errors = problems.stream()
                .filter(p -> p.getSeverity() == CqlCompilerException.ErrorSeverity.Error)
                .map(p -> p.getLocator() == null
                        ? p.getMessage()
                        : "line %d: %s".formatted(p.getLocator().getStartLine(), p.getMessage()))
                .toList();
        if (!errors.isEmpty()) {
            throw new PolicyLoadException("POL-002 CQL library %s (cql/) does not compile: %s"
                    .formatted(library.getId(), String.join("; ", errors)));
        }
        return compiled;
    }

    private static void requireDefinitions(Policy policy, CompiledLibrary compiled) {
        Set<String> definitions = compiled.getLibrary().getStatements() == null
                ? Set.of()
                : compiled.getLibrary().getStatements().getDef().stream()
                        .map(ExpressionDef::getName)
                        .collect(Collectors.toSet());
        for (PolicyAction action : policy.actions()) {
            if (!definitions.contains(action.condition())) {
                throw new PolicyLoadException("POL-005 policy %s action '%s': library %s has no definition \"%s\""
                        .formatted(policy.number(), action.id(), policy.libraryName(), action.condition()));
            }
        }
    }
}
