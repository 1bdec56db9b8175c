package io.coveragerules.dtr.app;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveragerules.ServerTest;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The DTR app end to end in a real browser: an EHR (a real HAPI FHIR server on loopback with a SMART authorization
 * server) holds a patient with liver cancer; an IRE order is signed; the card's smart link is launched in Chromium as
 * the EHR would launch it; the form comes up pre-filled from the patient's record by the package's CQL; the clinician
 * completes it and sends it; the QuestionnaireResponse is then in the EHR and with the payer.
 */
class DtrAppBrowserIT extends ServerTest {

    static final String CLIENT_ID = "coverage-rules-dtr";
    static final String ORIGIN = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin";

    TestEhrServer ehr;
    SmartAuthorizationServer smart;
    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        ehr = new TestEhrServer().with(patient(), coverage(), liverCancer(), order(), practitioner());
        smart = new SmartAuthorizationServer(
                ehr,
                CLIENT_ID,
                "http://localhost:" + port + "/dtr/index.html",
                "Practitioner/pra-1",
                new SmartAuthorizationServer.Launch("pat-1", List.of(), null));
        browser = Chromium.start();
    }

    @AfterEach
    void stop() throws Exception {
        browser.quit();
        ehr.close();
    }

    @Test
    void theCardLaunchesTheAppWhichPrefillsFromTheRecordAndStoresTheResponseInBothPlaces() throws Exception {
        JsonNode link = dtrLink(signIreOrder());
        assertThat(link.path("type").asText()).isEqualTo("smart");
        JsonNode appContext = JSON.readTree(link.path("appContext").asText());
        assertThat(appContext.path("order").asText()).isEqualTo("ServiceRequest/ire-1");
        assertThat(appContext.path("coverage").asText()).isEqualTo("Coverage/cov-1");
        assertThat(appContext.path("coverage-assertion-id").asText()).isNotBlank();
        assertThat(appContext.path("questionnaire").get(0).asText())
                .isEqualTo("http://coverage-rules.example/fhir/Questionnaire/ire-documentation");

        // The EHR launches the link as SMART: its own launch id, the order and Coverage in fhirContext, the
        // card's appContext passed through.
        String launch = smart.launch(new SmartAuthorizationServer.Launch(
                "pat-1",
                List.of("ServiceRequest/ire-1", "Coverage/cov-1"),
                link.path("appContext").asText()));
        browser.get(link.path("url").asText() + "?iss=" + ehr.baseUrl() + "&launch=" + launch);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-prefilled") != null
                || !d.findElement(By.id("problems")).getText().isEmpty());
        Files.writeString(Path.of("target/dtr-app-page.html"), browser.getPageSource());
        assertThat(browser.findElement(By.id("problems")).getText()).isEmpty();
        assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-prefilled"))
                .contains("organ", "procedure", "diagnosis-code");
        assertThat(browser.findElement(By.id("organ/1/1")).getDomProperty("value"))
                .isEqualTo("Liver structure");
        assertThat(browser.findElement(By.id("diagnosis-code/1/1")).getDomProperty("value"))
                .isEqualTo("C22.0 Liver cell carcinoma");
        assertThat(browser.findElement(By.id("item-organ/1/1")).getDomAttribute("class"))
                .as("marked as filled from the record")
                .contains("auto-filled");
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target/dtr-app.png"), StandardCopyOption.REPLACE_EXISTING);

        // The clinician answers the rest: a clinical trial, its id, the attestation; and corrects the diagnosis.
        browser.findElement(By.id("clinical-trial/1/1|true")).click();
        wait.until(d -> !d.findElements(By.id("trial-id/1/1")).isEmpty());
        browser.findElement(By.id("trial-id/1/1")).sendKeys("NCT03899636");
        WebElement diagnosis = browser.findElement(By.id("diagnosis-code/1/1"));
        diagnosis.sendKeys(" (hepatocellular)");
        browser.findElement(By.id("attestation/1|true")).click();
        browser.findElement(By.id("save")).click();
        wait.until(d -> d.findElement(By.id("status")).getText().startsWith("Draft saved")
                || !d.findElement(By.id("problems")).getText().isEmpty());
        assertThat(browser.findElement(By.id("problems")).getText()).isEmpty();
        browser.findElement(By.id("complete")).click();
        wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-payer-response") != null
                || !d.findElement(By.id("problems")).getText().isEmpty());
        assertThat(browser.findElement(By.id("problems")).getText()).isEmpty();

        List<QuestionnaireResponse> inEhr = ehr.stored(QuestionnaireResponse.class);
        assertThat(inEhr).as("one response, created as a draft then updated").hasSize(1);
        QuestionnaireResponse stored = inEhr.get(0);
        assertThat(stored.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        assertThat(stored.getQuestionnaire())
                .isEqualTo("http://coverage-rules.example/fhir/Questionnaire/ire-documentation|1.0.0");
        assertThat(origin(stored, "organ")).isEqualTo("auto");
        assertThat(origin(stored, "diagnosis-code")).isEqualTo("override");
        assertThat(origin(stored, "trial-id")).isEqualTo("manual");
        assertThat(smart.requestedScopes())
                .containsExactly("launch openid fhirUser patient/*.rs patient/QuestionnaireResponse.cu");
        String appToken = "Bearer " + smart.issuedTokens().get(0);
        assertThat(ehr.authorizations())
                .as("the app reads and writes with the token the EHR issued it (the CRD service, which read the"
                        + " EHR at order-sign, with the hook's token)")
                .contains(appToken)
                .allMatch(a -> a.equals(appToken) || a.equals("Bearer SAMPLE_TOKEN") || a.equals("null"));
        String payerId = browser.findElement(By.tagName("body")).getDomAttribute("data-payer-response");
        var atPayer = get("/fhir/QuestionnaireResponse/" + payerId);
        assertThat(atPayer.statusCode()).isEqualTo(200);
        QuestionnaireResponse payerCopy =
                FhirContext.forR4Cached().newJsonParser().parseResource(QuestionnaireResponse.class, atPayer.body());
        assertThat(payerCopy.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        assertThat(origin(payerCopy, "trial-id")).isEqualTo("manual");
        assertThat(payerCopy.getExtensionsByUrl("http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context"))
                .extracting(e -> ((Reference) e.getValue()).getReference())
                .containsExactlyInAnyOrder("Coverage/cov-1", "ServiceRequest/ire-1");
    }

    @Test
    void aStandaloneLaunchLetsTheUserPickTheOrderAndPrefillsTheSameWay() throws Exception {
        // No card, no launch id: the user opens the app with the EHR's address; the EHR's authorization server
        // picks the patient; the app lists the patient's orders.
        browser.get("http://localhost:" + port + "/dtr/launch.html?iss=" + ehr.baseUrl());

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> !d.findElements(By.cssSelector("#choose-order button")).isEmpty()
                || !d.findElement(By.id("problems")).getText().isEmpty());
        assertThat(browser.findElement(By.id("problems")).getText()).isEmpty();
        browser.findElement(By.cssSelector("#choose-order button")).click();
        wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-prefilled") != null
                || !d.findElement(By.id("problems")).getText().isEmpty());
        assertThat(browser.findElement(By.id("problems")).getText()).isEmpty();
        assertThat(browser.findElement(By.id("organ/1/1")).getDomProperty("value"))
                .isEqualTo("Liver structure");
        assertThat(smart.requestedScopes())
                .containsExactly("launch/patient openid fhirUser patient/*.rs patient/QuestionnaireResponse.cu");
    }

    /** The information-origin source of the first answer to an item. */
    private static String origin(QuestionnaireResponse response, String linkId) {
        return find(response.getItem(), linkId)
                .getAnswerFirstRep()
                .getExtensionByUrl(ORIGIN)
                .getExtensionByUrl("source")
                .getValue()
                .primitiveValue();
    }

    private static QuestionnaireResponse.QuestionnaireResponseItemComponent find(
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, String linkId) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            if (item.getLinkId().equals(linkId)) {
                return item;
            }
            QuestionnaireResponse.QuestionnaireResponseItemComponent found = find(item.getItem(), linkId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private JsonNode signIreOrder() throws Exception {
        ObjectNode request;
        try (InputStream in = getClass().getResourceAsStream("/policy-cases/base-order-sign.json")) {
            request = (ObjectNode) JSON.readTree(in);
        }
        request.put("fhirServer", ehr.baseUrl());
        ((ObjectNode) request.get("prefetch")).remove("conditions");
        var response = postJson("/cds-services/order-sign-crd", request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode dtrLink(JsonNode answer) {
        for (JsonNode card : answer.path("cards")) {
            for (JsonNode link : card.path("links")) {
                if (link.path("type").asText().equals("smart")) {
                    return link;
                }
            }
        }
        throw new AssertionError("no smart link on any card: " + answer);
    }

    static Patient patient() {
        Patient patient = new Patient();
        patient.setId("pat-1");
        patient.addName().setFamily("Testpatient").addGiven("Alex");
        patient.setBirthDateElement(new DateType("1961-05-14"));
        return patient;
    }

    static Coverage coverage() {
        Coverage coverage = new Coverage();
        coverage.setId("cov-1");
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(new Reference("Patient/pat-1"));
        coverage.addPayor()
                .setIdentifier(new Identifier()
                        .setSystem("http://hl7.org/fhir/sid/us-npi")
                        .setValue("1234567893"));
        return coverage;
    }

    static Condition liverCancer() {
        Condition condition = new Condition();
        condition.setId("cond-1");
        condition.setSubject(new Reference("Patient/pat-1"));
        condition.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        condition.setCode(
                new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "C22.0", "Liver cell carcinoma")));
        return condition;
    }

    static ServiceRequest order() {
        ServiceRequest order = new ServiceRequest();
        order.setId("ire-1");
        order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setCode(new CodeableConcept(new Coding(
                "http://www.ama-assn.org/go/cpt",
                "0600T",
                "Ablation, irreversible electroporation; 1 or more tumors per organ, percutaneous")));
        order.setSubject(new Reference("Patient/pat-1"));
        order.setRequester(new Reference("Practitioner/pra-1"));
        order.addInsurance(new Reference("Coverage/cov-1"));
        return order;
    }

    static Practitioner practitioner() {
        Practitioner practitioner = new Practitioner();
        practitioner.setId("pra-1");
        practitioner.addName().setFamily("Surgeon").addGiven("Sam");
        return practitioner;
    }
}
