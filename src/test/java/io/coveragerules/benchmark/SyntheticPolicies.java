package io.coveragerules.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Writes a content folder holding the real policies plus N synthetic ones, each with its own CQL library, trigger
 * ValueSet (one code of its own) and PlanDefinition (its order-sign trigger on that ValueSet, one outcome), to measure what the content's size costs a hook call.
 */
final class SyntheticPolicies {

    private static final String BASE = "http://synthetic.example/fhir";

    private SyntheticPolicies() {}

    /** Copies {@code realContent} (with cql/ and fhir-resources/) to {@code target} and adds {@code count} policies. */
    static Path write(Path realContent, Path target, int count) throws IOException {
        copy(realContent, target);
        for (int i = 1; i <= count; i++) {
            String id = "synthetic-" + i;
            String library = "SyntheticPolicy" + i;
            Path cql = Files.createDirectories(target.resolve("cql").resolve(id));
            Path resources =
                    Files.createDirectories(target.resolve("fhir-resources").resolve(id));
            Files.writeString(cql.resolve(library + ".cql"), """
                    library %1$s version '1.0.0'
                    using FHIR version '4.0.1'
                    include FHIRHelpers version '4.0.1' called FHIRHelpers
                    valueset "Trigger": '%2$s/ValueSet/%3$s'
                    define "Applies":
                      exists ([ServiceRequest] S where exists (S.code.coding C where C in "Trigger"))
                    """.formatted(library, BASE, id));
            Files.writeString(resources.resolve("ValueSet-" + id + ".json"), """
                    {"resourceType": "ValueSet", "id": "%1$s", "url": "%2$s/ValueSet/%1$s", "version": "1.0.0", "status": "active",
                     "compose": {"include": [{"system": "http://synthetic.example/codes", "concept": [{"code": "S%3$d"}]}]}}
                    """.formatted(id, BASE, i));
            Files.writeString(resources.resolve("Library-" + library + ".json"), """
                    {"resourceType": "Library", "id": "%1$s", "url": "%2$s/Library/%1$s", "version": "1.0.0", "name": "%1$s",
                     "status": "active", "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/library-type", "code": "logic-library"}]},
                     "dataRequirement": [{"type": "ServiceRequest", "mustSupport": ["code"]}]}
                    """.formatted(library, BASE, id));
            Files.writeString(resources.resolve("PlanDefinition-" + id + ".json"), """
                    {"resourceType": "PlanDefinition", "id": "%1$s", "url": "%2$s/PlanDefinition/%1$s", "version": "1",
                     "identifier": [{"system": "%2$s/policy", "value": "S.%3$d"}], "name": "Synthetic%3$d", "title": "Synthetic policy %3$d",
                     "status": "active", "library": ["%2$s/Library/%4$s"],
                     "action": [{"id": "%1$s-orders",
                       "trigger": [{"type": "named-event", "name": "order-sign",
                         "data": [{"type": "ServiceRequest", "codeFilter": [{"path": "code", "valueSet": "%2$s/ValueSet/%1$s"}]}]}],
                       "action": [{"id": "applies", "title": "Synthetic policy %3$d applies",
                         "code": [{"coding": [{"system": "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", "code": "coverage-info"}]}],
                         "condition": [{"kind": "applicability", "expression": {"language": "text/cql-identifier", "expression": "Applies"}}]}]}]}
                    """.formatted(id, BASE, i, library));
        }
        return target;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path destination = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
