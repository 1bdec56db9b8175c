package io.coveragerules.cdshooks.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list of EHR FHIR servers: what a pattern lets through, and the look-alikes it must not. */
class FhirServerAllowListTest {

    private final FhirServerAllowList list = new FhirServerAllowList(new EhrProperties(
            List.of("https://ehr.example.org/*", "https://exact.example.org/fhir"),
            Duration.ofMillis(500),
            Duration.ofMillis(1000),
            Duration.ofMillis(1500),
            10));

    @Test
    void serversUnderAnAllowedBaseAndExactMatchesPass() {
        assertThat(list.allows("https://ehr.example.org/fhir/R4")).isTrue();
        assertThat(list.allows("https://EHR.example.org/fhir/Condition?patient=1"))
                .as("host is case-insensitive")
                .isTrue();
        assertThat(list.allows("https://ehr.example.org")).as("the base itself").isTrue();
        assertThat(list.allows("https://exact.example.org/fhir")).isTrue();
    }

    @Test
    void lookAlikesOtherSchemesAndCredentialsAreRefused() {
        assertThat(list.allows("https://ehr.example.org.evil.example/fhir")).isFalse();
        assertThat(list.allows("https://evil.example/https://ehr.example.org/")).isFalse();
        assertThat(list.allows("http://ehr.example.org/fhir"))
                .as("another scheme")
                .isFalse();
        assertThat(list.allows("https://user:pw@ehr.example.org/fhir")).isFalse();
        assertThat(list.allows("https://exact.example.org/fhir/other"))
                .as("an exact entry is exact")
                .isFalse();
        assertThat(list.allows("file:///etc/passwd")).isFalse();
        assertThat(list.allows("not a url")).isFalse();
        assertThat(list.allows(null)).isFalse();
    }

    @Test
    void anEmptyListAllowsNothing() {
        FhirServerAllowList empty = new FhirServerAllowList(
                new EhrProperties(null, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), 1));
        assertThat(empty.allows("https://ehr.example.org/fhir")).isFalse();
    }
}
