package io.coveragerules.dtr;

import io.coveragerules.policy.KnowledgeArtifacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * What a Questionnaire needs in its DTR package: the Libraries its {@code cqf-library} extensions name and their
 * {@code depends-on} closure, and every ValueSet those Libraries and its items use (expanded at load). Each appears
 * once (DTR: names unique in the package).
 */
final class PackageContents {

    private final KnowledgeArtifacts artifacts;
    private final Map<String, Library> libraries = new LinkedHashMap<>();
    private final Map<String, ValueSet> valueSets = new LinkedHashMap<>();
    private final List<String> missing = new ArrayList<>();

    private PackageContents(KnowledgeArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    static PackageContents of(Questionnaire questionnaire, KnowledgeArtifacts artifacts) {
        PackageContents contents = new PackageContents(artifacts);
        for (Extension extension : questionnaire.getExtensionsByUrl(QuestionnairePrefill.CQF_LIBRARY)) {
            contents.addLibrary(extension.getValue().primitiveValue());
        }
        contents.addItemValueSets(questionnaire.getItem());
        return contents;
    }

    List<Library> libraries() {
        return List.copyOf(libraries.values());
    }

    List<ValueSet> valueSets() {
        return List.copyOf(valueSets.values());
    }

    /** Canonicals named but not known to this server (DTR: a warning, not a failure). */
    List<String> missing() {
        return List.copyOf(missing);
    }

    private void addLibrary(String canonical) {
        Library library = find(Library.class, canonical);
        if (library == null || libraries.containsKey(library.getUrl())) {
            return;
        }
        libraries.put(library.getUrl(), library);
        for (RelatedArtifact artifact : library.getRelatedArtifact()) {
            if (artifact.getType() == RelatedArtifact.RelatedArtifactType.DEPENDSON && artifact.hasResource()) {
                String dependency = artifact.getResource();
                if (dependency.contains("/Library/")) {
                    addLibrary(dependency);
                } else if (dependency.contains("/ValueSet/")) {
                    addValueSet(dependency);
                }
            }
        }
    }

    private void addItemValueSets(List<Questionnaire.QuestionnaireItemComponent> items) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            if (item.hasAnswerValueSet() && !item.getAnswerValueSet().startsWith("#")) {
                addValueSet(item.getAnswerValueSet());
            }
            addItemValueSets(item.getItem());
        }
    }

    private void addValueSet(String canonical) {
        ValueSet valueSet = find(ValueSet.class, canonical);
        if (valueSet != null) {
            valueSets.putIfAbsent(valueSet.getUrl(), valueSet);
        }
    }

    private <T extends MetadataResource> T find(Class<T> type, String canonical) {
        T found = artifacts.byCanonical(type, canonical).orElse(null);
        if (found == null && !missing.contains(canonical)) {
            missing.add(canonical);
        }
        return found;
    }

    static String canonical(MetadataResource resource) {
        return new CanonicalType(resource.getUrl() + (resource.hasVersion() ? "|" + resource.getVersion() : ""))
                .getValue();
    }
}
