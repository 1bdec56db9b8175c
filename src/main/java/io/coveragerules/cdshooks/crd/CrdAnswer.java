package io.coveragerules.cdshooks.crd;

import io.coveragerules.cdshooks.CdsJson;
import java.util.List;

/**
 * A written CRD response, and for each reviewed order (in the order given) the id of the coverage assertion written
 * on it, or null when none was (no assertion, coverage information switched off, or nothing new to record).
 */
public record CrdAnswer(CdsJson.Response response, List<String> coverageAssertionIds) {}
