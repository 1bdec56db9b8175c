/**
 * What the CDS Hooks edge tells the rest of the server after the fact (audit listens); nothing on the request path waits
 * for a listener.
 */
@NamedInterface("events")
package io.coveragerules.cdshooks.events;

import org.springframework.modulith.NamedInterface;
