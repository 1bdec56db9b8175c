package io.coveragerules.cdshooks.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.cdshooks.CdsJson;
import io.coveragerules.cdshooks.CdsRequestException;
import io.coveragerules.coverage.CoverageService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The CRD configuration options the services offer (discovery {@code davinci-crd.configuration-options}): CRD wants a
 * boolean per card type the server returns, here derived from the loaded policies' cards, plus {@code max-cards}.
 * A request's {@code davinci-crd.configuration} is read against them: options not offered are ignored (CRD: "SHALL
 * ignore unsupported entries"); an offered option with a value of the wrong JSON type is a 400.
 */
@Component
public class CrdConfigurationOptions {

    public static final String COVERAGE_INFO = "coverage-info";
    public static final String MAX_CARDS = "max-cards";
    private static final int DEFAULT_MAX_CARDS = 10;

    private final List<CdsJson.ConfigurationOption> offered;
    private final Set<String> cardTypes;

    public CrdConfigurationOptions(CoverageService coverage) {
        List<CdsJson.ConfigurationOption> options = new ArrayList<>();
        options.add(new CdsJson.ConfigurationOption(
                COVERAGE_INFO,
                "boolean",
                "Coverage information",
                "Whether to return coverage information (the coverage-information system action and coverage cards)",
                true));
        Map<String, String> types = coverage.cardTypes();
        types.forEach((code, display) -> {
            if (!code.equals(COVERAGE_INFO)) {
                options.add(new CdsJson.ConfigurationOption(
                        code, "boolean", display, "Whether to return '" + display + "' cards", true));
            }
        });
        options.add(new CdsJson.ConfigurationOption(
                MAX_CARDS, "integer", "Maximum cards", "The most cards to return for one call", DEFAULT_MAX_CARDS));
        this.offered = List.copyOf(options);
        this.cardTypes = Set.copyOf(types.keySet());
    }

    public List<CdsJson.ConfigurationOption> offered() {
        return offered;
    }

    public CrdConfiguration read(Map<String, JsonNode> requested) {
        boolean coverageInfo = true;
        int maxCards = DEFAULT_MAX_CARDS;
        Set<String> disabled = new HashSet<>();
        for (Map.Entry<String, JsonNode> option : requested.entrySet()) {
            String code = option.getKey();
            JsonNode value = option.getValue();
            if (code.equals(MAX_CARDS)) {
                if (!value.isIntegralNumber() || value.intValue() < 0) {
                    throw CdsRequestException.badRequest(
                            "CRD-400-CONFIG", "Configuration option 'max-cards' must be a non-negative JSON integer.");
                }
                maxCards = value.intValue();
            } else if (code.equals(COVERAGE_INFO) || cardTypes.contains(code)) {
                if (!value.isBoolean()) {
                    throw CdsRequestException.badRequest(
                            "CRD-400-CONFIG", "Configuration option '%s' must be a JSON boolean.".formatted(code));
                }
                if (code.equals(COVERAGE_INFO)) {
                    coverageInfo = value.booleanValue();
                } else if (!value.booleanValue()) {
                    disabled.add(code);
                }
            }
        }
        return new CrdConfiguration(coverageInfo, maxCards, Set.copyOf(disabled));
    }
}
