package io.coveragerules.coverage;

import java.util.Comparator;
import java.util.List;

/**
 * When several policies assert coverage on one order, the most restrictive assertion goes on the order (all cards are
 * kept, and the audit trail keeps what each policy said). Restrictive means, in this order: what is covered
 * (not-covered, then indeterminate, then conditional, then covered), then what prior authorization needs (auth-needed,
 * performpa, conditional, satisfied, no-auth, none), then whether documentation is asked for. Ties keep load order.
 */
final class AssertionRanking {

    private static final List<String> COVERED = List.of("covered", "conditional", "indeterminate", "not-covered");
    private static final List<String> PA_NEEDED =
            List.of("no-auth", "satisfied", "conditional", "indeterminate", "performpa", "auth-needed");

    /** Orders assertions from least to most restrictive. */
    static final Comparator<Outcome.CoverageAssertion> RESTRICTIVENESS =
            Comparator.<Outcome.CoverageAssertion>comparingInt(a -> COVERED.indexOf(a.covered()))
                    .thenComparingInt(a -> PA_NEEDED.indexOf(a.paNeeded()))
                    .thenComparing(a -> a.docNeeded() != null);

    private AssertionRanking() {}
}
