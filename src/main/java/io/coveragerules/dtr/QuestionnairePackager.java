package io.coveragerules.dtr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.coveragerules.policy.KnowledgeArtifacts;
import io.coveragerules.policy.Policy;
import io.coveragerules.policy.PolicyAction;
import io.coveragerules.policy.PolicyCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * DTR 2.0.1 {@code $questionnaire-package}: picks the Questionnaires a request asks for (by canonical) or its orders
 * need (the documentation the orders' policies ask for), and answers one {@code PackageBundle} per Questionnaire
 * holding the Questionnaire, its Libraries (CQL and ELM), its expanded ValueSets and a draft QuestionnaireResponse.
 * Anything unknown is a warning in {@code outcome}, not a failure; only when nothing applies is it a 422.
 */
@Component
public class QuestionnairePackager {

    private final KnowledgeArtifacts artifacts;
    private final PolicyCatalog catalog;
    private final DraftResponseWriter draftWriter;
    private final FhirContext fhirContext;

    public QuestionnairePackager(
            KnowledgeArtifacts artifacts,
            PolicyCatalog catalog,
            DraftResponseWriter draftWriter,
            FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        this.artifacts = artifacts;
        this.catalog = catalog;
        this.draftWriter = draftWriter;
    }

    public Parameters packageFor(Parameters input, String serverBase) {
        PackageRequest request = PackageRequest.read(input);
        List<OperationOutcome.OperationOutcomeIssueComponent> warnings = new ArrayList<>();
        Map<String, Questionnaire> questionnaires = new LinkedHashMap<>();
        for (String canonical : request.questionnaires()) {
            artifacts
                    .byCanonical(Questionnaire.class, canonical)
                    .ifPresentOrElse(
                            q -> questionnaires.putIfAbsent(q.getUrl(), q),
                            () -> warnings.add(warning(
                                    OperationOutcome.IssueType.NOTFOUND,
                                    "Questionnaire %s is not known here".formatted(canonical))));
        }
        for (Resource order : request.orders()) {
            List<String> needed = documentationFor(order);
            if (needed.isEmpty()) {
                warnings.add(warning(
                        OperationOutcome.IssueType.NOTSUPPORTED,
                        "No documentation is required for %s/%s under the payer's policies"
                                .formatted(
                                        order.fhirType(), order.getIdElement().getIdPart())));
            }
            needed.forEach(canonical -> artifacts
                    .byCanonical(Questionnaire.class, canonical)
                    .ifPresent(q -> questionnaires.putIfAbsent(q.getUrl(), q)));
        }
        if (request.context() != null && questionnaires.isEmpty()) {
            warnings.add(warning(
                    OperationOutcome.IssueType.NOTFOUND,
                    ("Context %s is not kept by this server: send the " + "order(s) or the questionnaire canonical(s)")
                            .formatted(request.context())));
        }
        if (questionnaires.isEmpty()) {
            OperationOutcome outcome = new OperationOutcome();
            warnings.forEach(w -> outcome.addIssue(w.setSeverity(OperationOutcome.IssueSeverity.ERROR)));
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.NOTFOUND)
                    .setDiagnostics("No Questionnaire applies to this request");
            throw new UnprocessableEntityException(fhirContext, outcome);
        }
        Parameters output = new Parameters();
        for (Questionnaire questionnaire : questionnaires.values()) {
            output.addParameter()
                    .setName("PackageBundle")
                    .setResource(bundle(questionnaire, request, serverBase, warnings));
        }
        if (!warnings.isEmpty()) {
            OperationOutcome outcome = new OperationOutcome();
            warnings.forEach(outcome::addIssue);
            output.addParameter().setName("outcome").setResource(outcome);
        }
        return output;
    }

    /**
     * One Bundle, complete on its own: DTR (OperationDefinition questionnaire-package, R309-R311) asks each to carry its
     * Questionnaire's Library closure and ValueSets, and a client may render and pre-populate each form from its own
     * Bundle alone, so what two forms share is repeated in both (R314 allows it; names stay unique within a Bundle).
     */
    private Bundle bundle(
            Questionnaire questionnaire,
            PackageRequest request,
            String serverBase,
            List<OperationOutcome.OperationOutcomeIssueComponent> warnings) {
        PackageContents contents = PackageContents.of(questionnaire, artifacts);
        contents.missing()
                .forEach(canonical -> warnings.add(warning(
                        OperationOutcome.IssueType.NOTFOUND,
                        "%s needs %s, which is not known here".formatted(questionnaire.getUrl(), canonical))));
        // DTR: a collection, the Questionnaire first, then its Libraries and ValueSets, and a draft response.
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry()
                .setFullUrl(serverBase + "/Questionnaire/"
                        + questionnaire.getIdElement().getIdPart())
                .setResource(questionnaire.copy());
        contents.libraries()
                .forEach(l -> bundle.addEntry()
                        .setFullUrl(serverBase + "/Library/" + l.getIdElement().getIdPart())
                        .setResource(l.copy()));
        contents.valueSets()
                .forEach(v -> bundle.addEntry()
                        .setFullUrl(serverBase + "/ValueSet/" + v.getIdElement().getIdPart())
                        .setResource(v.copy()));
        var draft = draftWriter.draft(questionnaire, request);
        if (!draft.hasExtension(DraftResponseWriter.INTENDED_USE)) {
            warnings.add(warning(
                    OperationOutcome.IssueType.INCOMPLETE,
                    ("%s declares no intended use (extension %s): the draft response needs a DTR intendedUse added "
                                    + "before it can be saved")
                            .formatted(questionnaire.getUrl(), DraftResponseWriter.FORM_INTENDED_USE)));
        }
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + draft.getIdElement().getIdPart())
                .setResource(draft);
        return bundle;
    }

    /** The Questionnaires the coverage assertions of the policies an order triggers ask to be filled in. */
    private List<String> documentationFor(Resource order) {
        List<String> canonicals = new ArrayList<>();
        for (Policy policy : catalog.policiesFor(order)) {
            for (PolicyAction action : policy.actions()) {
                action.assertion()
                        .ifPresent(a -> a.questionnaires().stream()
                                .filter(q -> !canonicals.contains(q))
                                .forEach(canonicals::add));
            }
        }
        return canonicals;
    }

    private static OperationOutcome.OperationOutcomeIssueComponent warning(
            OperationOutcome.IssueType type, String message) {
        return new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(OperationOutcome.IssueSeverity.WARNING)
                .setCode(type)
                .setDiagnostics(message);
    }

    /** The operation's input, checked against the DTR input profile's essentials (coverage 1..*, invariant dtr-1). */
    record PackageRequest(
            List<Coverage> coverages,
            List<Resource> orders,
            List<Resource> referenced,
            List<String> questionnaires,
            String context) {

        static PackageRequest read(Parameters input) {
            List<Coverage> coverages = new ArrayList<>();
            List<Resource> orders = new ArrayList<>();
            List<Resource> referenced = new ArrayList<>();
            List<String> questionnaires = new ArrayList<>();
            String context = null;
            for (Parameters.ParametersParameterComponent parameter : input.getParameter()) {
                switch (parameter.getName() == null ? "" : parameter.getName()) {
                    case "coverage" -> {
                        if (!(parameter.getResource() instanceof Coverage coverage)) {
                            throw new InvalidRequestException("Parameter 'coverage' must hold a Coverage resource");
                        }
                        coverages.add(coverage);
                    }
                    case "order" -> {
                        if (parameter.getResource() == null) {
                            throw new InvalidRequestException("Parameter 'order' must hold the order resource");
                        }
                        orders.add(parameter.getResource());
                    }
                    case "referenced" -> {
                        if (parameter.getResource() != null) {
                            referenced.add(parameter.getResource());
                        }
                    }
                    case "questionnaire" -> {
                        if (parameter.getValue() == null || parameter.getValue().primitiveValue() == null) {
                            throw new InvalidRequestException("Parameter 'questionnaire' must be a canonical URL");
                        }
                        questionnaires.add(parameter.getValue().primitiveValue());
                    }
                    case "context" ->
                        context = parameter.getValue() == null
                                ? null
                                : parameter.getValue().primitiveValue();
                    default -> {} // changedsince and unknown parameters: the package is always whole
                }
            }
            if (coverages.isEmpty()) {
                throw new InvalidRequestException(
                        "$questionnaire-package needs at least one 'coverage' (DTR: coverage 1..*)");
            }
            if (orders.isEmpty() && questionnaires.isEmpty() && context == null) {
                throw new InvalidRequestException(
                        "$questionnaire-package needs an 'order', a 'questionnaire' or a 'context' (DTR invariant dtr-1)");
            }
            return new PackageRequest(coverages, orders, referenced, questionnaires, context);
        }
    }
}
