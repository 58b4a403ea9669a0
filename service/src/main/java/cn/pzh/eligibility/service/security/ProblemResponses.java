package cn.pzh.eligibility.service.security;

import cn.pzh.eligibility.input.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 for API clients in the same problem+json shape as every other API error. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * 401. {@code WWW-Authenticate: Basic} invites a client to send credentials; the page's own fetch calls say
     * X-Requested-With, and get no such header, so the browser does not pop up its password dialog over the page.
     */
    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"eligibility\", charset=\"UTF-8\"");
            }
            write(request, response, 401, "unauthorized", "Authentication required（需要登录）",
                    "Send a user name and password (HTTP Basic) or sign in at /login（请提供用户名和密码，或在登录页登录）");
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(request, response, 403, "forbidden", "Forbidden（无权操作）",
                "Your role may not do this; reloading rules and batches are for policy staff"
                        + "（您的角色无权执行此操作：重新加载规则和批量核定仅限政策科室人员）");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
            String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:pzh-eligibility:problem:" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
    }
}
