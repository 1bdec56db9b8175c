package io.coveragerules.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * A random secret, made at start-up and never shown, that lets the server's own warm-up calls (loopback, before it is
 * ready) through client authentication.
 */
@Component
public class WarmUpToken {

    public static final String HEADER = "X-Coverage-Rules-Warm-Up";

    private final String value;

    WarmUpToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.value = HexFormat.of().formatHex(random);
    }

    public String value() {
        return value;
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(), value.getBytes());
    }
}
