package io.coveragerules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specification: <em>a bad content file stops start-up with an error that names it.</em>
 *
 * <p>Each test copies the repository's real content ({@code fhir-resources/} and {@code cql/}) into a temporary
 * folder, spoils one file, and runs the start-up loading steps of {@link PolicyContentConfiguration} in their order.
 * Loading must fail with a {@link PolicyLoadException} whose message carries the POL code and names the culprit, so
 * that whoever reads the start-up log knows which file to fix. No Spring context: the bean methods are called directly.
 */
class PolicyContentLoadingTest {

    private static final String FOLDER = "fhir-resources/ire-6.01.68/";
    private static final String PLAN_DEFINITION = FOLDER + "PlanDefinition-ire-6.01.68.json";
    private static final String LIBRARY = FOLDER + "Library-IrreversibleElectroporationPolicy.json";
    private static final String POLICY_TEXT = FOLDER + "medical-policy-6.01.68.txt";
    private static final String CQL = "cql/ire-6.01.68/IrreversibleElectroporationPolicy.cql";
    private static final String CPT = "http://www.ama-assn.org/go/cpt";

    @TempDir
    Path tempDir;

    private Content content;

    @BeforeEach
    void copyRealContent() {
        content = new Content(tempDir);
    }

    @Test
    @DisplayName(
            "the repository's content loads: policy 6.01.68 with its 10 outcomes, triggered by IRE order codes only")
    void realContentLoads() {
        Loaded loaded = content.load();

        assertThat(loaded.catalog().policies())
                .filteredOn(policy -> policy.number().equals("6.01.68"))
                .singleElement()
                .satisfies(policy -> {
                    assertThat(policy.number()).isEqualTo("6.01.68");
                    assertThat(policy.libraryName()).isEqualTo("IrreversibleElectroporationPolicy");
                    assertThat(policy.actions()).hasSize(10);
                });
        assertThat(loaded.catalog().policiesFor(order(CPT, "0600T")))
                .extracting(Policy::number)
                .containsExactly("6.01.68");
        assertThat(loaded.catalog().policiesFor(order(CPT, "47562"))).isEmpty();
        assertThat(loaded.documents().forPolicy("6.01.68")).isPresent();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "{\"resourceType\": \"Nonsense\"}",
                "{\"resourceType\": \"ValueSet\", \"id\": \"broken\",",
                "{\"resourceType\": \"ValueSet\", \"id\": \"typo\", \"stauts\": \"active\"}"
            })
    @DisplayName("a JSON file that is not a valid FHIR R4 resource: POL-001 naming the file")
    void invalidFhirJson(String json) {
        content.write(FOLDER + "ValueSet-broken.json", json);

        assertLoadFails().hasMessageContaining("POL-001").hasMessageContaining(FOLDER + "ValueSet-broken.json");
    }

    @Test
    @DisplayName("a FHIR resource that is no knowledge artefact (a Patient): POL-001 naming the file")
    void nonKnowledgeArtefact() {
        content.write(FOLDER + "Patient-example.json", "{\"resourceType\": \"Patient\", \"id\": \"example\"}");

        assertLoadFails().hasMessageContaining("POL-001").hasMessageContaining(FOLDER + "Patient-example.json");
    }

    @Test
    @DisplayName("an action condition naming a CQL definition that does not exist: POL-005 naming the definition")
    void conditionNamesUnknownDefinition() {
        content.editJson(PLAN_DEFINITION, plan -> {
            ObjectNode expression = (ObjectNode)
                    action(plan, "liver-evidence").path("condition").path(0).path("expression");
            expression.put("expression", "Liver IRE Typo");
        });

        assertLoadFails()
                .hasMessageContaining("POL-005")
                .hasMessageContaining("\"Liver IRE Typo\"")
                .hasMessageContaining("liver-evidence")
                .hasMessageContaining("IrreversibleElectroporationPolicy");
    }

    @Test
    @DisplayName("CQL with a type error: POL-002, the library does not compile")
    void cqlTypeError() {
        content.append(CQL, "\ndefine \"Broken\":\n  1 + 'one'\n");

        assertLoadFails()
                .hasMessageContaining("POL-002")
                .hasMessageContaining("IrreversibleElectroporationPolicy")
                .hasMessageContaining("does not compile")
                .hasMessageContaining("line ");
    }

    @Test
    @DisplayName("CQL with a syntax error: POL-002, the library does not compile")
    void cqlSyntaxError() {
        content.replace(CQL, "define \"Liver IRE\":", "define \"Liver IRE\" :: (");

        assertLoadFails()
                .hasMessageContaining("POL-002")
                .hasMessageContaining("IrreversibleElectroporationPolicy")
                .hasMessageContaining("does not compile")
                .hasMessageContaining("line ");
    }

    @Test
    @DisplayName("a ValueSet whose compose includes codes by filter: POL-004 naming the file")
    void valueSetWithFilter() {
        String valueSet = FOLDER + "ValueSet-liver-body-sites.json";
        content.editJson(valueSet, vs -> {
            ObjectNode include = (ObjectNode) vs.path("compose").path("include").path(0);
            include.remove("concept");
            include.putArray("filter")
                    .addObject()
                    .put("property", "concept")
                    .put("op", "is-a")
                    .put("value", "10200004");
        });

        assertLoadFails().hasMessageContaining("POL-004").hasMessageContaining(valueSet);
    }

    @Test
    @DisplayName(
            "the PlanDefinition names a Library that is missing: POL-003 naming the PlanDefinition and the Library")
    void libraryMissing() {
        content.delete(LIBRARY);

        assertLoadFails()
                .hasMessageContaining("POL-003")
                .hasMessageContaining(PLAN_DEFINITION)
                .hasMessageContaining("http://coverage-rules.example/fhir/Library/IrreversibleElectroporationPolicy");
    }

    @Test
    @DisplayName("the policy text named by the PlanDefinition is missing: POL-006 naming the file")
    void policyDocumentMissing() {
        content.delete(POLICY_TEXT);

        assertLoadFails().hasMessageContaining("POL-006").hasMessageContaining(POLICY_TEXT);
    }

    // -----------------------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("a PlanDefinition whose actions have no trigger: POL-004, no order would ever reach the policy")
    void noTrigger() {
        content.editJson(
                PLAN_DEFINITION, plan -> ((ObjectNode) plan.path("action").get(0)).remove("trigger"));

        assertLoadFails().hasMessageContaining("POL-004").hasMessageContaining(PLAN_DEFINITION);
    }

    @Test
    @DisplayName("a trigger that is not a named-event naming a hook: POL-004 naming the action")
    void triggerWithoutHook() {
        content.editJson(PLAN_DEFINITION, plan -> ((ObjectNode) plan.at("/action/0/trigger/0")).remove("name"));

        assertLoadFails().hasMessageContaining("POL-004").hasMessageContaining("named-event");
    }

    @Test
    @DisplayName("a filtered data requirement without an id (its prefetch key): POL-007 naming the Library")
    void filteredDataRequirementWithoutId() {
        content.editJson(
                LIBRARY,
                library -> ((ObjectNode) library.path("dataRequirement").get(2))
                        .putArray("codeFilter")
                        .addObject()
                        .put("path", "code")
                        .put("valueSet", "http://coverage-rules.example/fhir/ValueSet/liver-tumour-diagnoses"));

        assertLoadFails().hasMessageContaining("POL-007").hasMessageContaining("Condition");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails() {
        return assertThatThrownBy(content::load).isInstanceOf(PolicyLoadException.class);
    }

    /** An outcome: a nested action of a top-level action (or a top-level action itself). */
    private static JsonNode action(JsonNode plan, String id) {
        for (JsonNode action : plan.findParents("id")) {
            if (id.equals(action.path("id").asText()) && action.has("condition")) {
                return action;
            }
        }
        throw new AssertionError("the PlanDefinition has no action " + id);
    }

    private static ServiceRequest order(String system, String code) {
        ServiceRequest order = new ServiceRequest();
        order.getCode().addCoding().setSystem(system).setCode(code);
        return order;
    }

    /** What start-up produces from the content. */
    record Loaded(
            KnowledgeArtifacts artifacts,
            PolicyCatalog catalog,
            PolicyEvaluator evaluator,
            PolicyDocuments documents) {}

    /**
     * A writable copy of the repository's content folders, loaded the way the server loads content at start-up. Paths
     * are relative to the content root, e.g. {@code fhir-resources/ire-6.01.68/...} or {@code cql/ire-6.01.68/...}.
     */
    static final class Content {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final Path root;

        Content(Path root) {
            this.root = root;
            // Maven runs tests from the project root, where the content folders live.
            for (String folder : List.of("fhir-resources", "cql")) {
                copyTree(Path.of(folder), root.resolve(folder));
            }
        }

        void write(String relative, String text) {
            try {
                Path file = root.resolve(relative);
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String read(String relative) {
            try {
                return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void append(String relative, String text) {
            write(relative, read(relative) + text);
        }

        /** Replaces text that must be there, so that a change to the real content cannot make a test vacuous. */
        void replace(String relative, String target, String replacement) {
            String text = read(relative);
            assertThat(text).as("%s should contain %s", relative, target).contains(target);
            write(relative, text.replace(target, replacement));
        }

        void editJson(String relative, Consumer<ObjectNode> edit) {
            try {
                ObjectNode json = (ObjectNode) JSON.readTree(read(relative));
                edit.accept(json);
                write(relative, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void delete(String relative) {
            try {
                Files.delete(root.resolve(relative));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The steps of {@link PolicyContentConfiguration}, in the order Spring runs them. */
        Loaded load() {
            LoadedPolicies loaded = LoadedPolicies.from("file:" + root.toAbsolutePath() + "/");
            return new Loaded(loaded.artifacts(), loaded.catalog(), loaded.evaluator(), loaded.documents());
        }

        private static void copyTree(Path source, Path target) {
            assertThat(source)
                    .as("content folder %s (tests run from the project root)", source.toAbsolutePath())
                    .isDirectory();
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Path copy = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
