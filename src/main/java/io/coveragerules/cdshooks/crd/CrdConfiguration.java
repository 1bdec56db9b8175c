package io.coveragerules.cdshooks.crd;

import java.util.Set;

/**
 * What a request chose among the CRD configuration options the service offers.
 *
 * @param coverageInfo       whether to return coverage information (system actions and coverage-info cards)
 * @param maxCards           the most cards to return
 * @param disabledCardTypes  card-type codes switched off
 */
public record CrdConfiguration(boolean coverageInfo, int maxCards, Set<String> disabledCardTypes) {

    public boolean showsCardsOfType(String cardType) {
        return CrdConfigurationOptions.COVERAGE_INFO.equals(cardType)
                ? coverageInfo
                : !disabledCardTypes.contains(cardType);
    }
}
