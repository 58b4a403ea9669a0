package cn.pzh.eligibility.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt the register's personal data at rest, from configuration: {@code ID:BASE64} entries, the
 * first the current key (every new row is sealed with it), the others older keys still needed to read rows sealed
 * before a rotation. Each 256-bit key yields, by HKDF-SHA256, three independent keys: one for AES-256-GCM, one for
 * the blind indexes (HMAC-SHA256, so search never needs a plaintext column), one for the check value the register
 * keeps to recognise a wrong key. No key at all ({@link #none}): the register stores plaintext, as before.
 */
public final class RegisterKeys {

    /** What a sealed value starts with; a plaintext document starts with '{', a key id never contains ':'. */
    static final String PREFIX = "enc1:";
    public static final String HOW = "service: register.encryption.keys or register.encryption.key-file"
            + " (env REGISTER_KEYS / REGISTER_KEY_FILE); command line: --key-file FILE or REGISTER_KEYS";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** 128 bits of HMAC-SHA256: collisions are out of reach for any register, and the index stays small. */
    private static final int INDEX_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    /** A search list opens 150 values: one Cipher and one Mac per thread, not a provider look-up per value. */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance(
            "AES/GCM/NoPadding")));
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance(
            "HmacSHA256")));

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T instance(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HmacSHA256 unavailable in this JDK: "
                    + e.getClass().getSimpleName());
        }
    }

    /** One configured key; its bytes are never printed (no record: a record's toString would show its parts). */
    static final class Key {
        final String id;
        final SecretKey aes;
        final SecretKey index;
        final String check;

        private Key(String id, byte[] master) {
            this.id = id;
            byte[] prk = hmac(new SecretKeySpec(bytes("pzh-eligibility register keys v1"), "HmacSHA256"), master);
            SecretKey extract = new SecretKeySpec(prk, "HmacSHA256");
            this.aes = new SecretKeySpec(expand(extract, "aes-256-gcm"), "AES");
            this.index = new SecretKeySpec(expand(extract, "blind-index hmac-sha256"), "HmacSHA256");
            this.check = HexFormat.of().formatHex(hmac(new SecretKeySpec(expand(extract, "key check"), "HmacSHA256"),
                    bytes("register key check")));
            Arrays.fill(prk, (byte) 0);
        }

        @Override
        public String toString() {
            return "key " + id;
        }

        /** HKDF-Expand (RFC 5869) for one 32-byte block: HMAC(PRK, info || 0x01). */
        private static byte[] expand(SecretKey prk, String info) {
            byte[] in = Arrays.copyOf(bytes(info), bytes(info).length + 1);
            in[in.length - 1] = 1;
            return hmac(prk, in);
        }
    }

    private static final RegisterKeys NONE = new RegisterKeys(List.of());

    private final List<Key> keys;
    private final Map<String, Key> byId = new LinkedHashMap<>();

    private RegisterKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
        keys.forEach(k -> byId.put(k.id, k));
    }

    /** No encryption: the register keeps plaintext (the default when nothing is configured). */
    public static RegisterKeys none() {
        return NONE;
    }

    /**
     * The keys from configuration: {@code keys} ({@code ID:BASE64}, separated by commas, spaces or lines) or the
     * file {@code keyFile} holding the same ({@code #} starts a comment); both blank: {@link #none}. The names say
     * where each came from, for the error messages.
     */
    public static RegisterKeys fromConfiguration(String keys, String keysName, String keyFile, String keyFileName) {
        boolean hasKeys = keys != null && !keys.isBlank();
        boolean hasFile = keyFile != null && !keyFile.isBlank();
        if (hasKeys && hasFile) {
            throw new RegisterKeyException("both " + keysName + " and " + keyFileName + " are set: give the keys once"
                    + "（密钥只能配置一处）");
        }
        if (hasFile) {
            Path p = Path.of(keyFile.strip());
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RegisterKeyException(keyFileName + ": cannot read the key file " + p + " ("
                        + e.getClass().getSimpleName() + ")（无法读取密钥文件）");
            }
            RegisterKeys k = parse(text, keyFileName + " " + p);
            if (!k.enabled()) {
                throw new RegisterKeyException(keyFileName + " " + p + " holds no key（密钥文件中没有密钥）");
            }
            return k;
        }
        return hasKeys ? parse(keys, keysName) : none();
    }

    /** Parses {@code ID:BASE64} entries, the first the current key; {@code source} names the setting in errors. */
    public static RegisterKeys parse(String text, String source) {
        List<Key> keys = new ArrayList<>();
        StringBuilder clean = new StringBuilder();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            clean.append(hash < 0 ? line : line.substring(0, hash)).append('\n');
        }
        int n = 0;
        for (String entry : clean.toString().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            n++;
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new RegisterKeyException(source + ": entry " + n + " must be KEY_ID:BASE64_KEY, e.g."
                        + " k2026:<44 Base64 characters>; make one with `store new-key`（密钥格式应为 编号:Base64密钥）");
            }
            String id = entry.substring(0, colon);
            if (!ID.matcher(id).matches()) {
                throw new RegisterKeyException(source + ": entry " + n + ": the key id must be 1 to 32 letters, digits,"
                        + " '-' or '_'（密钥编号只能由字母、数字、-、_ 组成）");
            }
            byte[] master;
            try {
                master = Base64.getDecoder().decode(entry.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new RegisterKeyException(source + ": key " + id + " is not Base64（密钥 " + id + " 不是 Base64）");
            }
            if (master.length != KEY_BYTES) {
                throw new RegisterKeyException(source + ": key " + id + " must be " + KEY_BYTES + " bytes (256 bits,"
                        + " 44 Base64 characters); it is " + master.length + " bytes（密钥 " + id + " 应为 256 位）");
            }
            for (Key k : keys) {
                if (k.id.equals(id)) {
                    throw new RegisterKeyException(source + ": key id " + id + " is given twice（密钥编号重复）");
                }
            }
            keys.add(new Key(id, master));
            Arrays.fill(master, (byte) 0);
        }
        return new RegisterKeys(keys);
    }

    /** A new random key as a configuration entry {@code ID:BASE64}. */
    public static String generate(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new RegisterKeyException("the key id must be 1 to 32 letters, digits, '-' or '_'（密钥编号格式有误）");
        }
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return id + ":" + B64.encodeToString(k);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** The key new rows are sealed with. */
    public String currentId() {
        return keys.isEmpty() ? null : keys.get(0).id;
    }

    /** Every configured key id, the current first. */
    public List<String> ids() {
        return keys.stream().map(k -> k.id).toList();
    }

    boolean has(String id) {
        return byId.containsKey(id);
    }

    /** A one-way value of key {@code id}, kept in the register to tell a wrong key from the right one. */
    String check(String id) {
        return byId.get(id).check;
    }

    static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /**
     * AES-256-GCM under the current key with a fresh random 96-bit nonce; {@code context} (table, household,
     * version or member) is authenticated with it, so a sealed value copied to another row does not open there.
     * {@code enc1:KEY_ID:Base64(nonce ‖ ciphertext ‖ tag)}.
     */
    String seal(String plaintext, String context) {
        Key k = keys.get(0);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, k.aes, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(k.id, context));
            byte[] plain = bytes(plaintext);
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + c.getOutputSize(plain.length));
            out.put(nonce);
            c.doFinal(ByteBuffer.wrap(plain), out);
            return PREFIX + k.id + ":" + B64.encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable in this JDK: " + e.getClass().getSimpleName());
        }
    }

    /** The key id a sealed value names. */
    static String keyIdOf(String sealed) {
        int end = sealed.indexOf(':', PREFIX.length());
        return end < 0 ? "?" : sealed.substring(PREFIX.length(), end);
    }

    /** Opens what {@link #seal} made with any configured key; {@code what} names the row in errors. */
    String open(String sealed, String context, String what) {
        int end = sealed.indexOf(':', PREFIX.length());
        if (!sealed.startsWith(PREFIX) || end < 0) {
            throw new StoreException("the stored " + what + " is damaged: not a sealed value（存储内容已损坏）");
        }
        String id = sealed.substring(PREFIX.length(), end);
        Key k = byId.get(id);
        if (k == null) {
            throw new RegisterKeyException("the " + what + " is encrypted under key " + id + ", which is not configured"
                    + (keys.isEmpty() ? " (no key is configured)" : " (configured: " + String.join(", ", ids()) + ")")
                    + ": add it after the current key (" + HOW + ")（该记录以密钥 " + id + " 加密，但未配置该密钥）");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealed.substring(end + 1));
        } catch (IllegalArgumentException e) {
            throw new StoreException("the stored " + what + " is damaged: not Base64（存储内容已损坏）");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new StoreException("the stored " + what + " is damaged: too short（存储内容已损坏）");
        }
        try {
            Cipher c = GCM.get();
            c.init(Cipher.DECRYPT_MODE, k.aes, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(aad(k.id, context));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new RegisterKeyException("the " + what + " does not decrypt with the configured key " + id
                    + ": the key is wrong, or the row was altered or moved（密钥 " + id + " 无法解密该记录：密钥有误或记录被改动）");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable in this JDK: " + e.getClass().getSimpleName());
        }
    }

    /** The blind index of {@code value} under the current key: HMAC-SHA256 of kind and value, first 128 bits. */
    byte[] index(String kind, String value) {
        return index(keys.get(0), kind, value);
    }

    /** The blind index under every configured key, current first: what a search looks for during a rotation. */
    List<byte[]> indexes(String kind, String value) {
        return keys.stream().map(k -> index(k, kind, value)).toList();
    }

    private static byte[] index(Key k, String kind, String value) {
        return Arrays.copyOf(hmac(k.index, bytes(kind + "\u001f" + value)), INDEX_BYTES);
    }

    private static byte[] aad(String keyId, String context) {
        return bytes("pzh-register v1\u001f" + keyId + "\u001f" + context);
    }

    private static byte[] hmac(SecretKey key, byte[] data) {
        try {
            Mac m = HMAC.get();
            m.init(key);
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JDK: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return keys.isEmpty() ? "no register keys" : "register keys " + String.join(", ", ids());
    }
}
