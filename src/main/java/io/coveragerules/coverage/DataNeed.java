package io.coveragerules.coverage;

import java.util.List;
import java.util.Set;

/**
 * Data about the patient that some policy reads, as the CDS Hooks edge asks for it: a prefetch key, a resource type
 * and, if the policy reads only some of them, the codes they must carry at an element.
 *
 * @param key          the prefetch key (the data requirement's id, or the plural of the type when unfiltered)
 * @param codeFilters  each: an element path and the {@code system|code} tokens allowed there (all filters apply)
 */
public record DataNeed(String key, String resourceType, List<CodeFilter> codeFilters) {

    /** @param codes {@code system|code} */
    public record CodeFilter(String path, Set<String> codes) {}
}
