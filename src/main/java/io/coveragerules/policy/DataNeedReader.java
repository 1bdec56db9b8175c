package io.coveragerules.policy;

import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.StringType;

/**
 * Reads what a policy's CQL reads from its Library's {@code dataRequirement}s: a type, optional code filters (only
 * those resources: e.g. the patient's eGFR Observations, prior Procedures with these codes) and the elements it reads
 * ({@code mustSupport}; on an order type, its references are followed).
 */
final class DataNeedReader {

    private final CodeFilterReader codeFilters;

    DataNeedReader(CodeFilterReader codeFilters) {
        this.codeFilters = codeFilters;
    }

    List<Policy.DataNeed> read(Library library, String where) {
        return library.getDataRequirement().stream()
                .map(requirement -> read(requirement, where + " Library " + library.getUrl()))
                .toList();
    }

    private Policy.DataNeed read(DataRequirement requirement, String where) {
        return new Policy.DataNeed(
                key(requirement, where),
                requirement.getType(),
                requirement.getCodeFilter().stream()
                        .map(filter -> codeFilters.read(filter, where + " dataRequirement " + requirement.getType()))
                        .toList(),
                requirement.getMustSupport().stream().map(StringType::getValue).toList());
    }

    /**
     * The prefetch key the data is asked for under: the requirement's id; an unfiltered read may leave it out and is
     * then asked for under the plural of its type ({@code conditions}), the key CRD's templates use.
     */
    private static String key(DataRequirement requirement, String where) {
        if (requirement.hasId()) {
            return requirement.getId();
        }
        if (requirement.hasCodeFilter()) {
            throw new PolicyLoadException(("POL-007 %s: the %s data requirement has a code filter, so it needs an id: "
                            + "it names the prefetch key the EHR fills")
                    .formatted(where, requirement.getType()));
        }
        String type = requirement.getType();
        return type.substring(0, 1).toLowerCase(Locale.ROOT) + type.substring(1) + "s";
    }
}
