package cn.pzh.eligibility.service.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/** The Chinese sign-in and sign-out pages (Spring's own are English). Plain HTML: the form carries the CSRF token. */
@Controller
public class LoginController {

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
            @RequestParam(required = false) String throttled, CsrfToken csrf) {
        String notice = throttled != null ? "<p class=\"login-error\" id=\"login-error\" role=\"alert\">登录失败次数过多，"
                + "请稍后（约 " + HtmlUtils.htmlEscape(throttled.replaceAll("[^0-9]", "")) + " 秒后）再试。</p>"
                : error != null ? "<p class=\"login-error\" id=\"login-error\" role=\"alert\">用户名或密码不正确，请重新输入。</p>"
                : logout != null ? "<p class=\"login-note\" id=\"login-note\">已退出登录。</p>" : "";
        return page("登录", notice + """
                <form method="post" action="login" id="login-form">
                  <label>用户名 <input type="text" name="username" id="username" autocomplete="username" required autofocus></label>
                  <label>密码 <input type="password" name="password" id="password" autocomplete="current-password" required></label>
                  %s
                  <button type="submit" id="login-submit">登录</button>
                </form>
                <p class="login-note">经办人员可查看规则并核定待遇；政策科室人员另可重新加载规则、运行批量测算。</p>
                """.formatted(hidden(csrf)));
    }

    @GetMapping(path = "/logout", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String logout(CsrfToken csrf) {
        return page("退出登录", """
                <form method="post" action="logout" id="logout-form">
                  %s
                  <button type="submit" id="logout-submit">确认退出登录</button>
                </form>
                <p><a href="./">返回核定页面</a></p>
                """.formatted(hidden(csrf)));
    }

    /**
     * Who is signed in, for the page's header: the name, and whether to show the link to the policy staff's page
     * (what policy staff may do is still decided by the security rules, not by the link).
     */
    @GetMapping(path = "/account", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> account(Principal user, HttpServletRequest request) {
        return Map.of("name", user.getName(), "policy", request.isUserInRole("POLICY"));
    }

    private static String hidden(CsrfToken csrf) {
        return "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
                + HtmlUtils.htmlEscape(csrf.getToken()) + "\">";
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                  <meta charset="UTF-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s — 攀枝花市社会救助待遇核定</title>
                  <link rel="stylesheet" href="login.css">
                </head>
                <body class="login-page">
                <main class="login-box">
                  <h1>攀枝花市社会救助待遇核定</h1>
                  <h2>%s</h2>
                  %s
                </main>
                </body>
                </html>
                """.formatted(title, title, body);
    }
}
