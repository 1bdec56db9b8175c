package io.coveragerules.coverage;

import static io.coveragerules.coverage.DecisionSpec.CPT;
import static io.coveragerules.coverage.DecisionSpec.ICD10_CM;
import static io.coveragerules.coverage.DecisionSpec.ICD10_PCS;
import static io.coveragerules.coverage.DecisionSpec.NCIT;
import static io.coveragerules.coverage.DecisionSpec.SNOMED;
import static io.coveragerules.coverage.DecisionSpec.condition;
import static io.coveragerules.coverage.DecisionSpec.given;
import static io.coveragerules.coverage.DecisionSpec.order;
import static io.coveragerules.coverage.DecisionSpec.resolvedCondition;

import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;

/**
 * Medical policy 6.01.68 as a specification, row by row of its decision table
 * ({@code cql/ire-6.01.68/terminology-and-decisions.md}, first matching row wins), decided by the policy's own CQL
 * through {@link CoverageService}, below HTTP. The data files in {@code policy-cases/ire-6.01.68/} replay the same
 * rows through the whole server.
 */
class IrePolicyDecisionTest {

    private static final String INVESTIGATIONAL = "investigational under policy 6.01.68";
    private static final String DOCUMENTATION_FORM =
            "http://coverage-rules.example/fhir/Questionnaire/ire-documentation";

    @Test
    void row1AnOrderThePolicyDoesNotAddressGetsNothingFromIt() {
        given(order(CPT, "47562").reason(ICD10_CM, "K80.20")).whenDecided().thenNoPolicySpeaks();
    }

    @Test
    void row1ASnomedOnlyProcedureCannotBeProvenToBeIre() {
        given(order(SNOMED, "387713003")).whenDecided().thenNoPolicySpeaks();
    }

    @Test
    void row2AfCatheterAblationIsNotAddressedAndGetsAnInfoCardOnly() {
        given(order(CPT, "93656").reason(ICD10_CM, "I48.0"))
                .whenDecided()
                .thenNoCoverageAssertion()
                .withCards("AF catheter ablation policy");
    }

    @Test
    void row3IreForProstateCancerIsReviewedUnderAnotherPolicy() {
        given(order(CPT, "0600T").reason(ICD10_CM, "C61"))
                .whenDecided()
                .thenNoCoverageAssertion()
                .withCards("8.01.61");
    }

    @Test
    void row3AProstateBodySiteMakesItProstateIre() {
        given(order(CPT, "0600T").bodySite(SNOMED, "41216001"))
                .whenDecided()
                .thenNoCoverageAssertion()
                .withCards("8.01.61");
    }

    @Test
    void row4AnAtrialFibrillationDiagnosisWithNoTumourAsksToVerifyTheCode() {
        given(order(CPT, "0600T").reason(ICD10_CM, "I48.0"))
                .whenDecided()
                .thenNoCoverageAssertion()
                .withCards("verify the code");
    }

    @Test
    void row4NeedsNoTumourAnAfReasonWithAnActiveLiverCancerIsLiverIre() {
        given(order(CPT, "0600T").reason(ICD10_CM, "I48.0"), condition("c1", ICD10_CM, "C22.8"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for liver tumours");
    }

    @Test
    void row5IreForALiverCancerIsInvestigationalNotCoveredAndDocumentationCanBeSent() {
        given(order(CPT, "0600T").reason(ICD10_CM, "C22.0"))
                .whenDecided()
                .fromPolicy("6.01.68")
                .thenCovered("not-covered")
                .paNeeded("no-auth")
                .docNeeded("clinical")
                .documentedWith(DOCUMENTATION_FORM)
                .reasonContains("investigational")
                .withCards(INVESTIGATIONAL, "IRE for liver tumours")
                .withLinkEndingIn("https://pubmed.ncbi.nlm.nih.gov/28109674/");
    }

    @Test
    void row5AnIcd10PcsLiverCodeImpliesTheOrgan() {
        given(order(ICD10_PCS, "0F503ZF"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for liver tumours");
    }

    @Test
    void row6IreForPancreaticCancerIsNotCovered() {
        given(order(CPT, "0600T").reason(ICD10_CM, "C25.0"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for pancreatic cancer")
                .withLinkEndingIn("https://www.nice.org.uk/guidance/ipg579");
    }

    @Test
    void row7TheOrganComesFromTheConditionTheReasonReferenceNames() {
        Condition kidney = condition("cond-kidney", ICD10_CM, "C64.1");
        given(order(CPT, "0600T").reasonReference(kidney), kidney)
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for kidney tumours");
    }

    @Test
    void row7ASnomedBodySiteWithLateralityNamesTheKidney() {
        given(order(CPT, "0600T").bodySite(SNOMED, "9846003"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for kidney tumours");
    }

    @Test
    void row8WithNothingOnTheOrderThePatientsActiveLungCancerDecides() {
        given(order(CPT, "0600T"), condition("c1", SNOMED, "254637007"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for lung tumours");
    }

    @Test
    void row9AnyOtherSolidTumourIsNotCoveredEither() {
        given(order(NCIT, "C131483").reason(ICD10_CM, "C71.9"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "IRE for solid tumours");
    }

    @Test
    void row10WithNoTumourSiteKnownIreIsNotCoveredAndTheCardPointsProstateTo80161() {
        given(order(CPT, "0600T")).whenDecided().thenCovered("not-covered").withCards(INVESTIGATIONAL, "8.01.61");
    }

    @Test
    void onlyActiveConditionsCountAResolvedLiverCancerLeavesTheSiteUnknown() {
        given(order(CPT, "0600T"), resolvedCondition("c1", ICD10_CM, "C22.0"))
                .whenDecided()
                .thenCovered("not-covered")
                .withCards(INVESTIGATIONAL, "8.01.61");
    }

    @Test
    void theOrdersReasonIsReadBeforeThePatientsConditions() {
        given(order(CPT, "0600T").reason(ICD10_CM, "C25.9"), condition("c1", ICD10_CM, "C22.0"))
                .whenDecided()
                .withCards(INVESTIGATIONAL, "IRE for pancreatic cancer");
    }

    @Test
    void aReasonThatNamesNoTumourDoesNotAnswerTheBodySiteDoes() {
        given(order(CPT, "0600T").reason(ICD10_CM, "K76.0").bodySite(SNOMED, "10200004"))
                .whenDecided()
                .withCards(INVESTIGATIONAL, "IRE for liver tumours");
    }
}
