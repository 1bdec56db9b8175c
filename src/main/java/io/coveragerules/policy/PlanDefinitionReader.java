package io.coveragerules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.RelatedArtifact;

/**
 * Turns a policy's PlanDefinition into a {@link Policy}. The conventions are standard FHIR (and CPG's): {@code
 * identifier} is the policy number, {@code library} the CQL; a top-level {@code action} carries the {@code trigger}s
 * (named-event = the CDS hook, data = the order codes) and holds the outcomes as its nested actions. Each outcome's
 * {@code condition} (text/cql-identifier) names a definition, its {@code title}/{@code description}/{@code priority}/
 * {@code code} make the card and its {@code documentation} (related artifacts) the card's links. The coverage
 * assertion rides on an extension of the outcome. A top-level action without nested actions is an outcome itself.
 */
final class PlanDefinitionReader {

    static final String COVERAGE_ASSERTION =
            "http://coverage-rules.example/fhir/StructureDefinition/coverage-assertion";

    private PlanDefinitionReader() {}

    static Policy read(ContentFile file, KnowledgeArtifacts artifacts, CodeFilterReader codeFilters) {
        PlanDefinition plan = (PlanDefinition) file.resource();
        String source = file.describe();
        String number = plan.getIdentifierFirstRep().getValue();
        if (number == null) {
            throw new PolicyLoadException(
                    "POL-003 %s: PlanDefinition needs an identifier holding the policy number".formatted(source));
        }
        if (plan.getLibrary().size() != 1) {
            throw new PolicyLoadException("POL-003 %s: PlanDefinition must name exactly one Library".formatted(source));
        }
        String libraryCanonical = plan.getLibrary().get(0).getValue();
        Library library = artifacts
                .byCanonical(Library.class, libraryCanonical)
                .orElseThrow(
                        () -> new PolicyLoadException("POL-003 %s: Library %s missing; add it under fhir-resources/%s"
                                .formatted(source, libraryCanonical, file.policyFolder())));
        TriggerReader triggerReader = new TriggerReader(codeFilters);
        List<Policy.Trigger> triggers = new ArrayList<>();
        List<PolicyAction> actions = new ArrayList<>();
        for (PlanDefinitionActionComponent top : plan.getAction()) {
            triggers.addAll(triggerReader.read(top, "%s action '%s'".formatted(source, top.getId())));
            for (PlanDefinitionActionComponent outcome : top.hasAction() ? top.getAction() : List.of(top)) {
                actions.add(readAction(outcome, plan.getUrl(), source));
            }
        }
        if (triggers.isEmpty()) {
            throw new PolicyLoadException(("POL-004 %s: no action has a trigger (named-event with the order codes), so "
                            + "no order would ever reach the policy")
                    .formatted(source));
        }
        return new Policy(
                file.policyFolder(),
                number,
                plan.getTitle(),
                plan.getVersion(),
                plan.getUrl(),
                new VersionedIdentifier().withId(library.getName()).withVersion(library.getVersion()),
                List.copyOf(actions),
                List.copyOf(triggers),
                new DataNeedReader(codeFilters).read(library, source));
    }

    private static PolicyAction readAction(
            PlanDefinitionActionComponent action, String policyCanonical, String source) {
        String where = "%s action '%s'".formatted(source, action.getId());
        if (action.getCondition().size() != 1
                || !"text/cql-identifier"
                        .equals(action.getConditionFirstRep().getExpression().getLanguage())) {
            throw new PolicyLoadException("POL-003 %s: needs one condition in text/cql-identifier".formatted(where));
        }
        String condition = action.getConditionFirstRep().getExpression().getExpression();
        Optional<PolicyAction.Card> card =
                action.hasTitle() ? Optional.of(readCard(action, policyCanonical, where)) : Optional.empty();
        Optional<PolicyAction.CoverageAssertion> assertion = Optional.ofNullable(
                        action.getExtensionByUrl(COVERAGE_ASSERTION))
                .map(PlanDefinitionReader::readAssertion);
        if (card.isEmpty() && assertion.isEmpty()) {
            throw new PolicyLoadException(
                    "POL-003 %s: has neither a title (card) nor a coverage assertion".formatted(where));
        }
        return new PolicyAction(action.getId(), condition, card, assertion);
    }

    private static PolicyAction.Card readCard(
            PlanDefinitionActionComponent action, String policyCanonical, String where) {
        if (action.getTitle().length() >= 140) {
            throw new PolicyLoadException(
                    "POL-003 %s: title is the card summary and must stay under 140 characters".formatted(where));
        }
        Coding topic = action.getCodeFirstRep().getCodingFirstRep();
        if (!topic.hasSystem() || !topic.hasCode()) {
            throw new PolicyLoadException("POL-003 %s: needs a code (the CRD card type)".formatted(where));
        }
        List<PolicyAction.Link> links = new ArrayList<>();
        for (RelatedArtifact artifact : action.getDocumentation()) {
            boolean policyDocument = policyCanonical.equals(artifact.getResource());
            if (!policyDocument && !artifact.hasUrl()) {
                throw new PolicyLoadException(
                        "POL-003 %s: related artifact '%s' needs a url".formatted(where, artifact.getDisplay()));
            }
            links.add(new PolicyAction.Link(
                    artifact.hasDisplay() ? artifact.getDisplay() : artifact.getLabel(),
                    artifact.getUrl(),
                    policyDocument));
        }
        String priority = action.hasPriority() ? action.getPriority().toCode() : "routine";
        return new PolicyAction.Card(
                action.getTitle(),
                action.getDescription(),
                priority,
                topic.getSystem(),
                topic.getCode(),
                topic.getDisplay(),
                List.copyOf(links));
    }

    private static PolicyAction.CoverageAssertion readAssertion(Extension extension) {
        return new PolicyAction.CoverageAssertion(
                subValue(extension, "covered"),
                subValue(extension, "pa-needed"),
                subValue(extension, "reason"),
                subValue(extension, "doc-needed"),
                extension.getExtensionsByUrl("questionnaire").stream()
                        .map(q -> q.getValue().primitiveValue())
                        .toList());
    }

    private static String subValue(Extension extension, String url) {
        Extension sub = extension.getExtensionByUrl(url);
        return sub == null ? null : sub.getValue().primitiveValue();
    }
}
