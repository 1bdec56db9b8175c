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
            10,
            16,
            32));

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
        assertThat(list.allows("https://exact.example.org/fhir-other/Condition"))
                .as("a base allows whole path segments beneath it, not a longer name")
                .isFalse();
        assertThat(list.allows("https://exact.example.org/fhirx")).isFalse();
        assertThat(list.allows("https://exact.example.org/other")).isFalse();
        assertThat(list.allows("https://exact.example.org:8443/fhir/Patient/1"))
                .as("another port")
                .isFalse();
        assertThat(list.allows("https://exact.example.org.evil.example/fhir/Patient/1"))
                .isFalse();
        assertThat(list.allows("http://exact.example.org/fhir/Patient/1")).isFalse();
        assertThat(list.allows("https://exact.example.org/fhir/../admin"))
                .as("no climbing out of the base")
                .isFalse();
        assertThat(list.allows("file:///etc/passwd")).isFalse();
        assertThat(list.allows("not a url")).isFalse();
        assertThat(list.allows(null)).isFalse();
    }

    @Test
    void anExactBaseAllowsEverythingBeneathItByPathSegments() {
        assertThat(list.allows("https://exact.example.org/fhir/Condition?patient=1&page=2"))
                .isTrue();
        assertThat(list.allows("https://exact.example.org/fhir/Patient/1/_history/2"))
                .isTrue();
        assertThat(list.allows("https://exact.example.org/fhir?_getpages=abc&_getpagesoffset=2"))
                .as("HAPI's next-page links are a query on the base itself")
                .isTrue();
        assertThat(list.allows("https://exact.example.org/fhir/")).isTrue();
        assertThat(list.allows("HTTPS://Exact.Example.org/fhir/Patient/1"))
                .as("scheme and host are case-insensitive")
                .isTrue();
    }

    @Test
    void aBaseWrittenWithATrailingSlashIsTheSameBase() {
        FhirServerAllowList slash = new FhirServerAllowList(new EhrProperties(
                List.of("https://ehr.example/fhir/"),
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                1,
                1,
                1));
        assertThat(slash.allows("https://ehr.example/fhir")).isTrue();
        assertThat(slash.allows("https://ehr.example/fhir/Condition?page=2")).isTrue();
        assertThat(slash.allows("https://ehr.example/fhir-other/Condition")).isFalse();
    }

    @Test
    void anEmptyListAllowsNothing() {
        FhirServerAllowList empty = new FhirServerAllowList(
                new EhrProperties(null, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), 1, 1, 1));
        assertThat(empty.allows("https://ehr.example.org/fhir")).isFalse();
    }
}
