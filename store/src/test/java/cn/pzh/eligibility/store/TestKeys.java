package cn.pzh.eligibility.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Fixed test keys (SHA-256 of a label: 32 bytes), so a failing run can be repeated with the same keys. */
final class TestKeys {

    private TestKeys() {
    }

    /** {@code id:Base64} of the 32 bytes SHA-256(label). */
    static String entry(String id, String label) {
        try {
            byte[] k = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
            return id + ":" + Base64.getEncoder().encodeToString(k);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String K1 = entry("k1", "test key one");
    static final String K2 = entry("k2", "test key two");
    /** Another key under the id k1: the wrong key. */
    static final String K1_WRONG = entry("k1", "not the key one");

    static RegisterKeys keys(String... entries) {
        return RegisterKeys.parse(String.join(",", entries), "test keys");
    }
}
