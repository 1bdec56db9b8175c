package io.coveragerules.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmJsonLibraryWriter;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Library;

/**
 * A loading step: translates and compiles every Library that carries CQL into the shared {@link CqlEnvironment}
 * (failing fast, naming the library), attaches the ELM to the Library as {@code application/elm+json} (DTR
 * clients run the ELM) and checks that every policy action names a definition of its library.
 */
final class LibraryCompiler {

    static final String ELM_JSON = "application/elm+json";

    private final CqlEnvironment environment;

    private LibraryCompiler(CqlEnvironment environment) {
        this.environment = environment;
    }

    static void compileAll(CqlEnvironment environment, List<Policy> policies, List<Library> libraries) {
        new LibraryCompiler(environment).run(policies, libraries);
    }

    private void run(List<Policy> policies, List<Library> libraries) {
        Map<String, CompiledLibrary> compiled = new HashMap<>();
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

    private CompiledLibrary compile(VersionedIdentifier library) {
        List<CqlCompilerException> problems = new ArrayList<>();
        CompiledLibrary compiled = environment.libraryManager().resolveLibrary(library, problems);
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
