package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an {@code application/problem+json} answer straight to a servlet response, for the places that run before
 * or outside Spring MVC (filters, the error page, Tomcat's own refusals), so every error has the one shape.
 */
public final class Problems {

    public static final String TYPE = "urn:pzh-eligibility:problem:";

    private Problems() {
    }

    /** The body; {@code instance} is cut so a 10 KB URI is not echoed back whole. */
    public static byte[] body(int status, String type, String title, String detail, String instance,
            Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", cut(instance, 200));
        }
        if (extra != null) {
            body.putAll(extra);
        }
        return Json.MAPPER.writeValueAsBytes(body);
    }

    public static void write(HttpServletResponse response, int status, String type, String title, String detail,
            String instance) throws IOException {
        write(response, status, type, title, detail, instance, null);
    }

    public static void write(HttpServletResponse response, int status, String type, String title, String detail,
            String instance, Map<String, Object> extra) throws IOException {
        byte[] bytes = body(status, type, title, detail, instance, extra);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /** A slug for a status without its own type: 404 → "not-found". */
    public static String slug(int status) {
        org.springframework.http.HttpStatus s = org.springframework.http.HttpStatus.resolve(status);
        return s == null ? "http-" + status : s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The Chinese title of a plain HTTP status, for the answers Spring and Tomcat make on their own. */
    public static String title(int status) {
        String zh = switch (status) {
            case 400 -> "请求有误";
            case 401 -> "需要登录";
            case 403 -> "无权操作";
            case 404 -> "地址不存在";
            case 405 -> "不支持该请求方法";
            case 406 -> "无法提供所要求的格式";
            case 408 -> "请求超时";
            case 413 -> "请求内容过大";
            case 414 -> "请求地址过长";
            case 415 -> "不支持该内容类型";
            case 429 -> "请求过于频繁";
            case 431 -> "请求头过大";
            case 503 -> "服务繁忙";
            default -> status >= 500 ? "服务内部错误" : "请求有误";
        };
        org.springframework.http.HttpStatus s = org.springframework.http.HttpStatus.resolve(status);
        return (s == null ? "HTTP " + status : s.getReasonPhrase()) + "（" + zh + "）";
    }

    public static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
