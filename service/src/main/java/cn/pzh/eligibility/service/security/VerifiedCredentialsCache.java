package cn.pzh.eligibility.service.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Remembers, for a few minutes, credentials that bcrypt already verified. bcrypt is slow on purpose (tens of
 * milliseconds); HTTP Basic sends the password with every request, and checking it each time would cap the API at a
 * few dozen determinations a second per core. The cache key is an HMAC of name and password under a key made at
 * start and never stored, so the map holds nothing that reveals a password; wrong passwords are never cached.
 */
final class VerifiedCredentialsCache implements AuthenticationProvider {

    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Authentication authentication, long expiresAt) {
    }

    private final AuthenticationProvider delegate;
    private final long ttlNanos;
    private final ThreadLocal<Mac> macs;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    VerifiedCredentialsCache(AuthenticationProvider delegate, Duration ttl) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        SecretKeySpec key = new SecretKeySpec(k, "HmacSHA256");
        // A Mac is not thread-safe and costly to look up: one per request thread (the threads are pooled).
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication instanceof UsernamePasswordAuthenticationToken)
                || !(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String k = mac(authentication.getName(), password);
        long now = System.nanoTime();
        Entry e = verified.get(k);
        if (e != null && now - e.expiresAt() < 0) {
            return e.authentication();
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(k, new Entry(result, now + ttlNanos));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private String mac(String name, String password) {
        Mac m = macs.get();
        m.reset();
        m.update(name.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        return HexFormat.of().formatHex(m.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }
}
