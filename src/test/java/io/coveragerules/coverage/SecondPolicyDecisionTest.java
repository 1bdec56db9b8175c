package io.coveragerules.coverage;

import static io.coveragerules.coverage.DecisionSpec.CPT;
import static io.coveragerules.coverage.DecisionSpec.ICD10_CM;
import static io.coveragerules.coverage.DecisionSpec.given;
import static io.coveragerules.coverage.DecisionSpec.observation;
import static io.coveragerules.coverage.DecisionSpec.order;
import static io.coveragerules.coverage.DecisionSpec.procedure;
import static io.coveragerules.coverage.TestCoverage.REPOSITORY;
import static io.coveragerules.coverage.TestCoverage.TEST_CONTENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A policy of another shape, added as files only: the test fixture 99.01.01 (not a payer policy; see
 * {@code src/test/resources/test-content/README.md}) reads an Observation's value and a prior Procedure, and shares
 * CPT 0600T with policy 6.01.68. Where both decide an order, the most restrictive assertion goes on it and every card
 * stays.
 */
class SecondPolicyDecisionTest {

    private static final String LOINC = "http://loinc.org";

    @Test
    void aGoodEgfrAndAPriorTaceMeetThePrerequisitesWithPriorAuthorization() {
        given(
                        order(CPT, "47382"),
                        observation("o1", LOINC, "62238-1", 45, "mL/min/1.73m2"),
                        procedure("p1", CPT, "37243"))
                .withContent(REPOSITORY, TEST_CONTENT)
                .whenDecided()
                .fromPolicy("99.01.01")
                .thenCovered("covered")
                .paNeeded("auth-needed")
                .withCards("prerequisites met");
    }

    @Test
    void anEgfrBelow30IsNotCovered() {
        given(
                        order(CPT, "47382"),
                        observation("o1", LOINC, "33914-3", 25, "mL/min/1.73m2"),
                        procedure("p1", CPT, "37243"))
                .withContent(REPOSITORY, TEST_CONTENT)
                .whenDecided()
                .thenCovered("not-covered")
                .withCards("eGFR below 30");
    }

    @Test
    void withoutAPriorProcedureTheOrderIsConditionalOnDocumentation() {
        given(order(CPT, "47382"), observation("o1", LOINC, "62238-1", 45, "mL/min/1.73m2"))
                .withContent(REPOSITORY, TEST_CONTENT)
                .whenDecided()
                .thenCovered("conditional")
                .docNeeded("clinical")
                .withCards("document eGFR and prior TACE");
    }

    @Test
    void onAnOrderBothPoliciesDecideTheMostRestrictiveAssertionWinsAndEveryCardStays() {
        given(
                        order(CPT, "0600T").reason(ICD10_CM, "C22.0"),
                        observation("o1", LOINC, "62238-1", 45, "mL/min/1.73m2"),
                        procedure("p1", CPT, "37243"))
                .withContent(REPOSITORY, TEST_CONTENT)
                .whenDecided()
                .policyAsserted("6.01.68", "not-covered")
                .policyAsserted("99.01.01", "covered")
                .thenCovered("not-covered")
                .paNeeded("no-auth")
                .withCards("investigational under policy 6.01.68", "IRE for liver tumours", "prerequisites met");
    }

    @Test
    void thePolicyAsksForItsDataFilteredUnderItsOwnPrefetchKeys() {
        CoverageService coverage = TestCoverage.service(REPOSITORY, TEST_CONTENT);

        assertThat(coverage.patientDataNeeds())
                .extracting(DataNeed::key)
                .contains("conditions", "egfrObservations", "priorLiverTherapy");
        DataNeed egfr = coverage.patientDataNeeds().stream()
                .filter(n -> n.key().equals("egfrObservations"))
                .findFirst()
                .orElseThrow();
        assertThat(egfr.resourceType()).isEqualTo("Observation");
        assertThat(egfr.codeFilters()).singleElement().satisfies(filter -> {
            assertThat(filter.path()).isEqualTo("code");
            assertThat(filter.codes()).contains("http://loinc.org|62238-1", "http://loinc.org|33914-3");
        });
    }

    @Test
    void withOnlyTheRepositorysContentTheSameOrderHearsFromOnePolicy() {
        given(order(CPT, "47382")).whenDecided().thenNoPolicySpeaks();
    }
}
