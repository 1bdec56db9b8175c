package io.coveragerules.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A decision-level specification language, given / when / then, run against {@link CoverageService} without HTTP:
 *
 * <pre>
 * given(order(CPT, "0600T").reason(ICD10_CM, "C22.0"))
 *         .whenDecided()
 *         .thenCovered("not-covered").paNeeded("no-auth").docNeeded("clinical")
 *         .withCards("investigational under policy 6.01.68", "IRE for liver tumours");
 * </pre>
 */
final class DecisionSpec {

    static final String CPT = "http://www.ama-assn.org/go/cpt";
    static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String ICD10_PCS = "http://www.cms.gov/Medicare/Coding/ICD10";
    static final String SNOMED = "http://snomed.info/sct";
    static final String NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
    static final String PATIENT = "Patient/pat-1";

    private DecisionSpec() {}

    /** Given an order (and, optionally, what is known of the patient). */
    static Given given(OrderSpec order, Resource... patientData) {
        return new Given(order.build(), new ArrayList<>(Arrays.asList(patientData)));
    }

    /** A ServiceRequest for the patient with this code. */
    static OrderSpec order(String system, String code) {
        return new OrderSpec(system, code);
    }

    /** An active Condition of the patient. */
    static Condition condition(String id, String system, String code) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setSubject(new Reference(PATIENT));
        condition.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        condition.setCode(new CodeableConcept(new Coding(system, code, null)));
        return condition;
    }

    /** A Condition the patient had (clinical status resolved). */
    static Condition resolvedCondition(String id, String system, String code) {
        Condition condition = condition(id, system, code);
        condition.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
        return condition;
    }

    /** A final laboratory result with a numeric value. */
    static Observation observation(String id, String system, String code, double value, String unit) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference(PATIENT));
        observation.setCode(new CodeableConcept(new Coding(system, code, null)));
        observation.setValue(new Quantity().setValue(value).setUnit(unit));
        return observation;
    }

    /** A completed procedure of the patient. */
    static Procedure procedure(String id, String system, String code) {
        Procedure procedure = new Procedure();
        procedure.setId(id);
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setSubject(new Reference(PATIENT));
        procedure.setCode(new CodeableConcept(new Coding(system, code, null)));
        return procedure;
    }

    /** Builds the order under review. */
    static final class OrderSpec {

        private final ServiceRequest order = new ServiceRequest();

        private OrderSpec(String system, String code) {
            order.setId("order-1");
            order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
            order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            order.setSubject(new Reference(PATIENT));
            order.setCode(new CodeableConcept(new Coding(system, code, null)));
        }

        OrderSpec reason(String system, String code) {
            order.addReasonCode(new CodeableConcept(new Coding(system, code, null)));
            return this;
        }

        OrderSpec reasonReference(Condition condition) {
            order.addReasonReference(
                    new Reference("Condition/" + condition.getIdElement().getIdPart()));
            return this;
        }

        OrderSpec bodySite(String system, String code) {
            order.addBodySite(new CodeableConcept(new Coding(system, code, null)));
            return this;
        }

        private ServiceRequest build() {
            return order;
        }
    }

    /** The order and the patient's record, before the decision. */
    static final class Given {

        private final Resource order;
        private final List<Resource> record;
        private CoverageService coverage = TestCoverage.service();

        private Given(Resource order, List<Resource> record) {
            this.order = order;
            this.record = record;
        }

        /** With the policies of these content locations loaded (as {@code crd.content.location} lists them). */
        Given withContent(String... locations) {
            coverage = TestCoverage.service(locations);
            return this;
        }

        /** Decided as order-sign decides it. */
        Then whenDecided() {
            return whenDecidedOn("order-sign");
        }

        Then whenDecidedOn(String hook) {
            return new Then(coverage.decide(order, hook, new PatientRecord(record)));
        }
    }

    /** What the decision must say. Each method checks one thing and returns this, so checks read as a sentence. */
    static final class Then {

        private final CoverageDecision decision;

        private Then(CoverageDecision decision) {
            this.decision = decision;
        }

        Then thenNoPolicySpeaks() {
            assertThat(decision.outcomes()).as("outcomes").isEmpty();
            return this;
        }

        Then thenNoCoverageAssertion() {
            assertThat(decision.assertion()).as("coverage assertion").isEmpty();
            return this;
        }

        Then thenCovered(String covered) {
            assertThat(assertion().covered()).as("covered").isEqualTo(covered);
            return this;
        }

        Then paNeeded(String paNeeded) {
            assertThat(assertion().paNeeded()).as("pa-needed").isEqualTo(paNeeded);
            return this;
        }

        Then docNeeded(String docNeeded) {
            assertThat(assertion().docNeeded()).as("doc-needed").isEqualTo(docNeeded);
            return this;
        }

        Then documentedWith(String questionnaireCanonical) {
            assertThat(assertion().questionnaires()).as("questionnaires").contains(questionnaireCanonical);
            return this;
        }

        Then reasonContains(String text) {
            assertThat(assertion().reason()).as("reason").containsIgnoringCase(text);
            return this;
        }

        /** What one policy itself asserted, whether or not its assertion went on the order. */
        Then policyAsserted(String number, String covered) {
            PolicyReference policy = decision.policies().stream()
                    .filter(p -> p.number().equals(number))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("policy " + number + " did not speak: " + decision));
            assertThat(decision.assertionOf(policy).map(Outcome.CoverageAssertion::covered))
                    .as("what policy %s asserted", number)
                    .contains(covered);
            return this;
        }

        Then fromPolicy(String number) {
            assertThat(decision.policies()).extracting(PolicyReference::number).contains(number);
            return this;
        }

        /** The cards, in order, each summary containing the text given. */
        Then withCards(String... summaries) {
            List<String> actual = decision.outcomes().stream()
                    .flatMap(o -> o.card().stream())
                    .map(Outcome.Card::summary)
                    .toList();
            assertThat(actual).as("card summaries").hasSameSizeAs(summaries);
            for (int i = 0; i < summaries.length; i++) {
                assertThat(actual.get(i)).as("card %d", i + 1).containsIgnoringCase(summaries[i]);
            }
            return this;
        }

        /** Some card's links include a URL ending in this text. */
        Then withLinkEndingIn(String urlEnd) {
            assertThat(decision.outcomes().stream()
                            .flatMap(o -> o.card().stream())
                            .flatMap(c -> c.links().stream())
                            .map(l -> l.policyDocument() ? "policy-document" : l.url()))
                    .as("card links")
                    .anyMatch(url -> url.endsWith(urlEnd));
            return this;
        }

        private Outcome.CoverageAssertion assertion() {
            return decision.assertion()
                    .flatMap(Outcome::assertion)
                    .orElseThrow(() -> new AssertionError("no policy asserted coverage; outcomes: " + decision));
        }
    }
}
