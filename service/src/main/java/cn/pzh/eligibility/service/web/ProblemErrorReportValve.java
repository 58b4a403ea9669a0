package cn.pzh.eligibility.service.web;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own refusals — a request line or header it cannot parse (a 10 KB query, {@code asOf[]=}, {@code %2f} or
 * {@code %00} in the path, an 8 KB Content-Type), a timed-out read — would otherwise be an HTML page. They get the
 * same problem+json as everything else, with nothing of the request echoed but a cut URI.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String uri = null;
            try {
                uri = request.getDecodedRequestURI();
            } catch (RuntimeException e) {
                // A URI Tomcat could not decode is exactly what this may be reporting.
            }
            String detail = switch (status) {
                case 400 -> "The request line or a header is malformed: check the URL's characters and %-escapes"
                        + "（请求行或请求头格式有误：请检查地址中的字符和 % 转义）";
                case 408 -> "The request was not received in time（请求未在规定时间内发送完毕）";
                case 413 -> "The request body is too large（请求内容过大）";
                case 414 -> "The request URL is too long（请求地址过长）";
                case 431 -> "The request headers are too large（请求头过大）";
                default -> Problems.title(status);
            };
            response.resetBuffer();
            byte[] body = Problems.body(status, Problems.slug(status), Problems.title(status), detail, uri, null);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone; nothing to answer.
        }
    }
}
