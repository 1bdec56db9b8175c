package io.coveragerules.coverage;

/**
 * Which policy an outcome comes from, as cards, links and the audit trail name it.
 *
 * @param number  the payer's policy number, e.g. 6.01.68
 * @param version the policy's version, so that a decision can be traced to the text in force
 */
public record PolicyReference(String number, String title, String version) {}
