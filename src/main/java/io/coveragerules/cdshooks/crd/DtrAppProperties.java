package io.coveragerules.cdshooks.crd;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The DTR SMART app this server serves at {@code /dtr/}, offered from the card of an order that needs documentation.
 *
 * @param enabled   whether cards offer the {@code smart} link (on by default; CRD 2.0.1 launches DTR from the
 *                  coverage-information {@code doc-needed}, which is sent either way, so an EHR with its own DTR client
 *                  loses nothing when this is off)
 * @param launchUrl the app's SMART launch URL; when unset, {@code /dtr/launch.html} on this server's public base URL
 */
@ConfigurationProperties("crd.dtr-app")
record DtrAppProperties(@DefaultValue("true") boolean enabled, String launchUrl) {}
