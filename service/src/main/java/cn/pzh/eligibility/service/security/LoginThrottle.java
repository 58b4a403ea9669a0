package cn.pzh.eligibility.service.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Counts failed sign-ins per user name and per client address; past the limit within the window, further attempts
 * for that name or from that address are refused without running bcrypt at all, until the oldest failure leaves
 * the window. So guessing costs the guesser time, and a flood of wrong passwords no longer costs the service a
 * bcrypt (tens of milliseconds of CPU) each. A success clears its user's count.
 */
final class LoginThrottle implements AuthenticationProvider {

    /** Refused because of earlier failures; {@link #retryAfterSeconds()} says when to try again. */
    static final class ThrottledException extends AuthenticationException {
        private final long retryAfterSeconds;

        ThrottledException(long retryAfterSeconds) {
            super("too many failed sign-ins; try again in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static final int MAX_KEYS = 100_000;

    private final AuthenticationProvider delegate;
    private final int perUser;
    private final int perAddress;
    private final long windowNanos;
    private final Map<String, Deque<Long>> users = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> addresses = new ConcurrentHashMap<>();

    LoginThrottle(AuthenticationProvider delegate, int perUser, int perAddress, Duration window) {
        this.delegate = delegate;
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.windowNanos = window.toNanos();
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String user = String.valueOf(authentication.getName());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        long now = System.nanoTime();
        long wait = Math.max(waitFor(users, user, perUser, now),
                address == null ? 0 : waitFor(addresses, address, perAddress, now));
        if (wait > 0) {
            throw new ThrottledException(Math.max(1, Duration.ofNanos(wait).toSeconds() + 1));
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            if (result != null && result.isAuthenticated()) {
                users.remove(user);
            }
            return result;
        } catch (BadCredentialsException e) {
            record(users, user, now);
            if (address != null) {
                record(addresses, address, now);
            }
            throw e;
        }
    }

    /** Nanoseconds until this key may try again; 0 when it may now. */
    private long waitFor(Map<String, Deque<Long>> map, String key, int limit, long now) {
        Deque<Long> d = map.get(key);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            while (!d.isEmpty() && now - d.peekFirst() > windowNanos) {
                d.pollFirst();
            }
            if (d.size() < limit) {
                return 0;
            }
            return windowNanos - (now - d.peekFirst());
        }
    }

    private void record(Map<String, Deque<Long>> map, String key, long now) {
        if (map.size() >= MAX_KEYS) {
            // Bounded memory under a flood of invented names: forget the old counts rather than grow.
            map.clear();
        }
        Deque<Long> d = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(now);
            while (d.size() > Math.max(perUser, perAddress)) {
                d.pollFirst();
            }
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
