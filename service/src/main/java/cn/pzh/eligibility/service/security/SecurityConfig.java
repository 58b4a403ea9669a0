package cn.pzh.eligibility.service.security;

import cn.pzh.eligibility.service.web.Limits;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two roles. CASEWORKER reads and evaluates (the page, determinations, ruleset, parameters, the rules book); POLICY
 * may do all that and also reload rules and run batches. API clients use HTTP Basic and get 401 / 403 as
 * problem+json; the browser signs in on a Chinese form and keeps a session.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsersProperties.class)
public class SecurityConfig {

    static final String CASEWORKER = "CASEWORKER";
    static final String POLICY = "POLICY";
    private static final Set<String> ROLES = Set.of(CASEWORKER, POLICY);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Policy staff can do whatever a caseworker can, even when configured with POLICY alone. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(POLICY).implies(CASEWORKER).build();
    }

    /** Users from configuration; a plain-text password or an unknown role stops the start with the reason. */
    @Bean
    InMemoryUserDetailsManager userDetailsService(UsersProperties properties) {
        if (properties.users().isEmpty()) {
            throw new IllegalStateException("no users configured: set eligibility.users[0].name, .password"
                    + " ({bcrypt}…) and .roles（未配置用户）");
        }
        List<UserDetails> users = new ArrayList<>();
        for (UsersProperties.User u : properties.users()) {
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalStateException("a user in eligibility.users has no name（用户缺少用户名）");
            }
            if (u.password() == null || !u.password().startsWith("{bcrypt}$2")) {
                throw new IllegalStateException("eligibility.users: the password of '" + u.name()
                        + "' must be a bcrypt hash written as {bcrypt}$2a$…（密码须以 bcrypt 哈希形式保存）");
            }
            List<String> roles = u.roles() == null ? List.of() : u.roles().stream()
                    .map(r -> r.strip().toUpperCase(Locale.ROOT)).toList();
            if (roles.isEmpty() || !ROLES.containsAll(roles)) {
                throw new IllegalStateException("eligibility.users: '" + u.name() + "' has roles " + u.roles()
                        + "; each must be one of " + ROLES + "（角色只能是 CASEWORKER 或 POLICY）");
            }
            users.add(User.withUsername(u.name()).password(u.password()).roles(roles.toArray(String[]::new)).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, InMemoryUserDetailsManager users,
            PasswordEncoder encoder, Limits limits,
            @Value("${eligibility.cors.allowed-origins:}") List<String> allowedOrigins) throws Exception {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        ProviderManager authentication = new ProviderManager(new VerifiedCredentialsCache(
                new LoginThrottle(dao, limits.loginFailuresPerUser(), limits.loginFailuresPerAddress(),
                        limits.loginWindow()), Duration.ofMinutes(5)));

        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        RequestMatcher api = path.matcher("/api/**");
        // After signing in, the browser goes back to the page it asked for, never to an API URL it fetched.
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(new NegatedRequestMatcher(api));

        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookiePath("/");
        csrfTokens.setCookieCustomizer(c -> c.sameSite("Lax"));

        http.authenticationManager(authentication)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/login", "/login.css", "/error", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/ruleset/reload").hasRole(POLICY)
                        .requestMatchers("/api/v1/batches", "/api/v1/batches/**").hasRole(POLICY)
                        // Policy staff's screen and its proposals (GET too: drafts are not for caseworkers).
                        .requestMatchers("/api/v1/parameters/proposals", "/api/v1/parameters/proposals/**",
                                "/policy.html", "/policy.js", "/policy.css").hasRole(POLICY)
                        .requestMatchers(readOnly(path, "/api/v1/ruleset", "/api/v1/ruleset/reload",
                                "/api/v1/parameters", "/api/v1/parameters/**")).hasRole(CASEWORKER)
                        .requestMatchers("/api/v1/determinations", "/api/v1/determinations/**").hasRole(CASEWORKER)
                        .requestMatchers("/api/v1/households", "/api/v1/households/**").hasRole(CASEWORKER)
                        // Re-evaluation: runs are policy staff's, the worklist, confirmation and notices caseworkers'.
                        .requestMatchers("/api/v1/reevaluations/*/worklist", "/api/v1/reevaluations/*/worklist/**",
                                "/api/v1/reevaluations/*/worklist.csv", "/api/v1/reevaluations/*/notices",
                                "/api/v1/reevaluations/*/townships")
                        .hasRole(CASEWORKER)
                        // Caseworkers find the runs whose worklists they work through (state and counts only).
                        .requestMatchers(readOnly(path, "/api/v1/reevaluations", "/api/v1/reevaluations/*"))
                        .hasRole(CASEWORKER)
                        .requestMatchers("/api/v1/reevaluations", "/api/v1/reevaluations/**").hasRole(POLICY)
                        // Any other API path: the stronger role, so a new endpoint is never open by accident.
                        .requestMatchers(api).hasRole(POLICY)
                        .anyRequest().hasRole(CASEWORKER))
                .httpBasic(b -> b.authenticationEntryPoint(ProblemResponses.unauthorized()))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof LoginThrottle.ThrottledException t
                                        ? "/login?throttled=" + t.retryAfterSeconds() : "/login?error"))))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .requestCache(rc -> rc.requestCache(requestCache))
                // A state change that rides on the session cookie needs the CSRF token: the page reads the
                // XSRF-TOKEN cookie and sends it as X-XSRF-TOKEN; the sign-in and sign-out forms carry it. A client
                // that sends its own credentials (HTTP Basic) and no session cookie cannot be forged into sending
                // them, and stays tokenless.
                .csrf(c -> c.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(request -> needsCsrfToken(request, api)))
                .addFilterAfter(new CsrfCookieFilter(api), CsrfFilter.class)
                // Same origin only (or the operator's eligibility.cors.allowed-origins): a foreign page's preflight
                // gets a clear 403 before authentication, not a 401 that suggests credentials would help.
                .addFilterBefore(Cors.filter(allowedOrigins), CsrfFilter.class)
                .headers(h -> h
                        .addHeaderWriter(Cors.contentSecurityPolicy())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(ProblemResponses.unauthorized(), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE)
                        .defaultAccessDeniedHandlerFor(ProblemResponses.forbidden(), AnyRequestMatcher.INSTANCE));
        return http.build();
    }

    /** GET where a caseworker may read, and so HEAD and OPTIONS too (asking what GET would answer is no more). */
    private static RequestMatcher readOnly(PathPatternRequestMatcher.Builder path, String... patterns) {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS)) {
            for (String p : patterns) {
                matchers.add(path.matcher(m, p));
            }
        }
        return new OrRequestMatcher(matchers);
    }

    /**
     * Unsafe methods need the token, except on the API for a request that carries its own credentials
     * (Authorization) and no session cookie: nothing a foreign page can make a browser send.
     */
    private static boolean needsCsrfToken(HttpServletRequest request, RequestMatcher api) {
        String m = request.getMethod();
        if (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS") || m.equals("TRACE")) {
            return false;
        }
        if (!api.matches(request)) {
            return true;
        }
        return hasSessionCookie(request);
    }

    private static boolean hasSessionCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return false;
        }
        for (jakarta.servlet.http.Cookie c : request.getCookies()) {
            if (c.getName().equals("JSESSIONID")) {
                return true;
            }
        }
        return false;
    }
}
