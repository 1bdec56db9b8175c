package io.coveragerules.dtr;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;

class ItemNamesTest {

    private final QuestionnaireResponse response = new QuestionnaireResponse();

    ItemNamesTest() {
        var group = response.addItem().setLinkId("route");
        group.addItem().setLinkId("clinical-trial").addAnswer().setValue(new BooleanType(true));
        group.addItem().setLinkId("trial-id");
        response.addItem().setLinkId("attestation");
    }

    @Test
    void aMessageLocatedByPathGetsTheLinkIdOfTheItemItIsAbout() {
        assertThat(ItemNames.withLinkId("ERROR QuestionnaireResponse.item[1].answer[0].value: wrong type", response))
                .endsWith("(item 'attestation')");
        assertThat(ItemNames.withLinkId("ERROR QuestionnaireResponse.item[0].item[1]: required", response))
                .endsWith("(item 'trial-id')");
    }

    @Test
    void aMessageThatNamesTheItemOrNoItemIsLeftAsItIs() {
        String named = "ERROR QuestionnaireResponse.item[1]: No response answer found for required item 'attestation'";
        assertThat(ItemNames.withLinkId(named, response)).isEqualTo(named);
        assertThat(ItemNames.withLinkId("ERROR QuestionnaireResponse: extension missing", response))
                .isEqualTo("ERROR QuestionnaireResponse: extension missing");
    }
}
