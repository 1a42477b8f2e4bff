package dev.dslc.maven;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over a sequence of values. Each value is prefixed by its length,
 * so that ("ab", "c") and ("a", "bc") differ.
 */
final class Fingerprint {
    private final MessageDigest digest;

    Fingerprint() {
        digest = sha256();
    }

    /** The plain SHA-256 of {@code bytes}, in hex: what {@code sha256sum} prints for a file holding them. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    Fingerprint add(String value) {
        return add(value.getBytes(StandardCharsets.UTF_8));
    }

    Fingerprint add(byte[] value) {
        digest.update(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(value);
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
