package io.coveragerules.cdshooks.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.cdshooks.CdsRequestException;
import java.util.List;
import java.util.Map;

/**
 * The CRD configuration options a service offers (discovery {@code davinci-crd.configuration-options}) and the values
 * a request chose ({@code davinci-crd.configuration}). Options the server does not offer are ignored, as CRD requires
 * ("SHALL ignore unsupported entries"); an offered option with a value of the wrong JSON type is a 400.
 */
public record CrdConfiguration(boolean coverageInfo, int maxCards) {

    public static final String COVERAGE_INFO = "coverage-info";
    public static final String MAX_CARDS = "max-cards";
    private static final int DEFAULT_MAX_CARDS = 10;

    public static List<CdsJson.ConfigurationOption> options() {
        return List.of(
                new CdsJson.ConfigurationOption(COVERAGE_INFO, "boolean", "Coverage information",
                        "Whether to return coverage information (the coverage-information system action and coverage cards)", true),
                new CdsJson.ConfigurationOption(MAX_CARDS, "integer", "Maximum cards",
                        "The most cards to return for one call", DEFAULT_MAX_CARDS));
    }

    public static CrdConfiguration from(Map<String, JsonNode> requested) {
        boolean coverageInfo = true;
        int maxCards = DEFAULT_MAX_CARDS;
        JsonNode value = requested.get(COVERAGE_INFO);
        if (value != null) {
            if (!value.isBoolean()) {
                throw CdsRequestException.badRequest("CRD-400-CONFIG", "Configuration option 'coverage-info' must be a JSON boolean.");
            }
            coverageInfo = value.booleanValue();
        }
        value = requested.get(MAX_CARDS);
        if (value != null) {
            if (!value.isIntegralNumber() || value.intValue() < 0) {
                throw CdsRequestException.badRequest("CRD-400-CONFIG", "Configuration option 'max-cards' must be a non-negative JSON integer.");
            }
            maxCards = value.intValue();
        }
        return new CrdConfiguration(coverageInfo, maxCards);
    }
}
