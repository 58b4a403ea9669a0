package cn.pzh.eligibility.service.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring makes the CSRF token only when something asks for it; the page is static and asks for nothing, so its
 * XSRF-TOKEN cookie would be missing after signing in. Loading the token on the page's own (non-API) GETs writes
 * the cookie there, and API clients are spared a Set-Cookie on every answer.
 */
final class CsrfCookieFilter extends OncePerRequestFilter {

    private final RequestMatcher api;

    CsrfCookieFilter(RequestMatcher api) {
        this.api = api;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) && !api.matches(request)
                && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            token.getToken();
        }
        chain.doFilter(request, response);
    }
}
