package cn.pzh.eligibility.service.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page ({@code /error}) in problem+json, replacing Boot's {@code {"status":999,…}} JSON: it
 * answers whatever reached it through {@code sendError} or an exception outside Spring MVC (the firewall's refusal
 * of {@code ..}, a TRACE, a filter's failure). Asked for directly, there is no error to show: 404.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Throwable ex = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer i ? i : 404;
        if (rejected(ex)) {
            status = 400;
        }
        String instance = uri == null ? request.getRequestURI() : uri.toString();
        String detail;
        if (code == null) {
            detail = "No such resource（地址不存在）";
        } else if (status == 400 && rejected(ex)) {
            detail = "The request URL is not allowed: encoded slashes, '..' segments, control characters or"
                    + " backslashes（请求地址含有不允许的字符或路径段）";
        } else if (status == 405) {
            detail = "This method is not allowed here（该地址不支持此请求方法）";
        } else if (status >= 500) {
            if (ex != null) {
                log.error("Failure outside the API's handlers on {}: {}", Problems.cut(instance, 200), ex.toString());
            }
            detail = "The service failed; the log has the details（服务出错，详情见日志）";
        } else {
            detail = Problems.title(status);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        Problems.write(response, status, status == 400 && rejected(ex) ? "rejected-url" : Problems.slug(status),
                Problems.title(status), detail, instance);
    }

    private static boolean rejected(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestRejectedException) {
                return true;
            }
        }
        return false;
    }
}
