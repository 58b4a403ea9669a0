package cn.pzh.eligibility.service.security;

import cn.pzh.eligibility.service.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/** Cross-origin policy (same origin unless configured) and the Content-Security-Policy of what the browser shows. */
final class Cors {

    private Cors() {
    }

    static CorsFilter filter(List<String> allowedOrigins) {
        CorsConfiguration c = new CorsConfiguration();
        List<String> origins = allowedOrigins.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        c.setAllowedOrigins(origins);
        c.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name()));
        c.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-Requested-With"));
        c.setAllowCredentials(false);
        c.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", c);
        CorsFilter f = new CorsFilter(source);
        f.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(ServerHttpResponse response) throws IOException {
                HttpServletResponse r = ((ServletServerHttpResponse) response).getServletResponse();
                Problems.write(r, 403, "cross-origin", "Forbidden（无权操作）",
                        "Requests from another origin are not allowed; the service answers its own page only"
                                + " (eligibility.cors.allowed-origins)（不接受来自其他网站的跨域请求）", null);
            }
        });
        return f;
    }

    /**
     * The caseworker page loads only its own script, style and data: no inline script or style runs, nothing is
     * framed. The rules book and the impact report are documents with one inline style sheet and no script; the
     * Swagger UI sets inline styles of its own.
     */
    static HeaderWriter contentSecurityPolicy() {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        // Documents of their own: no script, their own inline style (a notice's A4 page and page breaks).
        OrRequestMatcher documents = new OrRequestMatcher(path.matcher("/rules/**"), path.matcher("/api/v1/batches/**"),
                path.matcher("/api/v1/households/*/determinations/*/notice"),
                path.matcher("/api/v1/reevaluations/*/worklist/*/notice"), path.matcher("/api/v1/reevaluations/*/notices"));
        OrRequestMatcher swagger = new OrRequestMatcher(path.matcher("/swagger-ui/**"), path.matcher("/swagger-ui.html"));
        HeaderWriter page = new DelegatingRequestMatcherHeaderWriter(
                new NegatedRequestMatcher(new OrRequestMatcher(documents, swagger)),
                new StaticHeadersWriter("Content-Security-Policy", "default-src 'none'; script-src 'self';"
                        + " style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self';"
                        + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"));
        HeaderWriter doc = new DelegatingRequestMatcherHeaderWriter(documents,
                new StaticHeadersWriter("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline';"
                        + " img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"));
        HeaderWriter ui = new DelegatingRequestMatcherHeaderWriter(swagger,
                new StaticHeadersWriter("Content-Security-Policy", "default-src 'self'; style-src 'self'"
                        + " 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'"));
        return (request, response) -> {
            page.writeHeaders(request, response);
            doc.writeHeaders(request, response);
            ui.writeHeaders(request, response);
        };
    }
}
