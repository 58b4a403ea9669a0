package cn.pzh.eligibility.service.security;

import cn.pzh.eligibility.service.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/** 401 and 403 for API clients in the same problem+json shape as every other API error. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * 401. {@code WWW-Authenticate: Basic} invites a client to send credentials; the page's own fetch calls say
     * X-Requested-With, and get no such header, so the browser does not pop up its password dialog over the page.
     * After too many failed sign-ins the 401 says so, with Retry-After, and names no reason that helps a guesser.
     */
    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"eligibility\", charset=\"UTF-8\"");
            }
            if (e instanceof LoginThrottle.ThrottledException t) {
                response.setHeader("Retry-After", Long.toString(t.retryAfterSeconds()));
                write(request, response, 401, "sign-in-throttled", "Authentication required（需要登录）",
                        "Too many failed sign-ins for this user or from this address: sign-in is refused for "
                                + t.retryAfterSeconds() + " s（登录失败次数过多，该用户或该地址暂停登录 "
                                + t.retryAfterSeconds() + " 秒）");
                return;
            }
            write(request, response, 401, "unauthorized", "Authentication required（需要登录）",
                    "Send a user name and password (HTTP Basic) or sign in at /login（请提供用户名和密码，或在登录页登录）");
        };
    }

    /** 403: a missing CSRF token is said as such, not as a matter of role. */
    static AccessDeniedHandler forbidden() {
        return (request, response, e) -> {
            if (e instanceof CsrfException) {
                write(request, response, 403, "csrf", "Forbidden（无权操作）",
                        "The request carries the session cookie but no valid CSRF token (header X-XSRF-TOKEN, the"
                                + " value of the XSRF-TOKEN cookie): reload the page and try again; API clients use HTTP"
                                + " Basic instead（请求缺少有效的防跨站令牌：请刷新页面后重试）");
                return;
            }
            write(request, response, 403, "forbidden", "Forbidden（无权操作）",
                    "Your role may not do this; reloading rules and batches are for policy staff"
                            + "（您的角色无权执行此操作：重新加载规则和批量核定仅限政策科室人员）");
        };
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
            String title, String detail) throws IOException {
        Problems.write(response, status, type, title, detail, request.getRequestURI());
    }
}
