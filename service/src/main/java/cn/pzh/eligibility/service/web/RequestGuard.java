package cn.pzh.eligibility.service.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first thing every request meets, before security and Spring MVC, so it costs little to refuse:
 * <ol>
 * <li>a query string whose %-escapes are malformed or not UTF-8 → 400 (Tomcat would throw from deep inside
 * parameter parsing: a 500 and a 150-line stack trace per request);</li>
 * <li>more requests in progress from one client address than {@code limits.requests-per-client} → 429 (a slow
 * sender holds a thread for each of its requests);</li>
 * <li>a declared Content-Length above the endpoint's limit → 413 before a byte of the body is read;</li>
 * <li>more than {@code limits.concurrent-requests} at work → wait in a queue of {@code limits.queue}, at most
 * {@code limits.queue-wait}; beyond either, 503 with Retry-After, quickly.</li>
 * </ol>
 */
public class RequestGuard extends OncePerRequestFilter {

    private final Limits limits;
    private final long multipartMax;
    private final Semaphore working;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

    public RequestGuard(Limits limits, long multipartMax) {
        this.limits = limits;
        this.multipartMax = multipartMax;
        this.working = new Semaphore(limits.concurrentRequests(), true);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !validQuery(query)) {
            Problems.write(response, 400, "invalid-query", Problems.title(400),
                    "The query string has a malformed %-escape or is not UTF-8: each % must be followed by two hex"
                            + " digits of UTF-8（查询参数中的 % 转义格式有误或不是 UTF-8 编码）",
                    request.getRequestURI());
            return;
        }
        String client = request.getRemoteAddr();
        AtomicInteger mine = perClient.computeIfAbsent(client, k -> new AtomicInteger());
        try {
            if (mine.incrementAndGet() > limits.requestsPerClient()) {
                dropBody(request);
                response.setHeader("Retry-After", "1");
                Problems.write(response, 429, "too-many-requests-from-client", Problems.title(429),
                        "More than " + limits.requestsPerClient() + " requests from this address are in progress;"
                                + " wait for them（来自同一地址的未完成请求超过 " + limits.requestsPerClient() + " 个，请稍后再试）",
                        request.getRequestURI());
                return;
            }
            long max = bodyLimit(request);
            long declared = request.getContentLengthLong();
            if (declared > max) {
                dropBody(request);
                Problems.write(response, 413, "body-too-large", Problems.title(413),
                        "The body is larger than " + max + " bytes（请求内容超过 " + max + " 字节）",
                        request.getRequestURI(), Map.of("errors", List.of(Map.of("path",
                                request.getRequestURI().equals("/api/v1/batches") ? "file" : "$",
                                "message", "larger than " + max + " bytes", "messageZh", "请求内容超过 " + max + " 字节"))));
                return;
            }
            if (exempt(request)) {
                chain.doFilter(request, response);
                return;
            }
            // The body of a determination is read here, before a work place is taken: a slow sender then holds
            // a thread and its own client's slot, never one of the places the evaluations need. The whole body
            // must come within limits.body-time, however slowly the bytes trickle.
            if (buffered(request)) {
                byte[] body;
                try {
                    body = readBody(request, max);
                } catch (BodyUnreadableException e) {
                    dropBody(request);
                    int status = e.timedOut() ? 408 : 400;
                    response.setHeader("Connection", "close");
                    Problems.write(response, status, e.timedOut() ? "request-timeout" : "body-unreadable",
                            Problems.title(status), e.timedOut()
                                    ? "The body was not received in time（请求内容未在规定时间内发送完毕）"
                                    : "The body could not be read to its end（请求内容未能完整读取）",
                            request.getRequestURI());
                    return;
                }
                request = new BufferedBody(request, body);
            }
            if (!admit()) {
                dropBody(request);
                response.setHeader("Retry-After", "2");
                Problems.write(response, 503, "overloaded", Problems.title(503),
                        "The service is at its limit of requests in progress; try again in a few seconds"
                                + "（服务当前请求已满，请几秒后重试）",
                        request.getRequestURI());
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                working.release();
            }
        } finally {
            if (mine.decrementAndGet() <= 0) {
                perClient.remove(client, mine);
            }
        }
    }

    /**
     * A request refused before its body was read: Tomcat would otherwise "swallow" the unread body to keep the
     * connection, waiting on a slow sender up to the read timeout with a thread held, which is the attack itself.
     * Telling Tomcat to drop it closes the connection after the answer instead. Tomcat offers this to the servlet
     * only inside its own multipart handling, hence the reach through the facade.
     */
    static void dropBody(HttpServletRequest request) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return;
        }
        jakarta.servlet.ServletRequest r = request;
        while (r instanceof jakarta.servlet.ServletRequestWrapper w) {
            r = w.getRequest();
        }
        if (r instanceof org.apache.catalina.connector.RequestFacade facade) {
            try {
                java.lang.reflect.Field f = org.apache.catalina.connector.RequestFacade.class.getDeclaredField("request");
                f.setAccessible(true);
                ((org.apache.catalina.connector.Request) f.get(facade)).getCoyoteRequest()
                        .action(org.apache.coyote.ActionCode.DISABLE_SWALLOW_INPUT, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Another Tomcat: the body is swallowed as before, bounded by the read timeout.
            }
        }
    }

    private static boolean buffered(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "POST".equals(request.getMethod())
                && (uri.equals("/api/v1/determinations") || uri.equals("/api/v1/determinations/batch"));
    }

    /** The body, at most {@code max + 1} bytes (the reader tells "too large"), within limits.body-time. */
    private byte[] readBody(HttpServletRequest request, long max) {
        long deadline = System.nanoTime() + limits.bodyTime().toNanos();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try (java.io.InputStream in = request.getInputStream()) {
            int n;
            while (out.size() <= max && (n = in.read(buf, 0, (int) Math.min(buf.length, max + 1 - out.size()))) > 0) {
                out.write(buf, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw new BodyUnreadableException(new java.net.SocketTimeoutException("body not received within "
                            + limits.bodyTime()));
                }
            }
        } catch (IOException e) {
            throw new BodyUnreadableException(e);
        }
        return out.toByteArray();
    }

    /** The request with its body already read. */
    private static final class BufferedBody extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    throw new IllegalStateException("the body is already read");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Health answers even when the service is full: that is when an operator asks it. */
    private static boolean exempt(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/health");
    }

    private boolean admit() {
        if (working.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > limits.queue()) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return working.tryAcquire(limits.queueWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    private long bodyLimit(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri.equals("/api/v1/determinations")) {
            return limits.determinationBody().toBytes();
        }
        if (uri.equals("/api/v1/determinations/batch")) {
            return limits.batchBody().toBytes();
        }
        if (uri.equals("/api/v1/batches")) {
            return multipartMax;
        }
        return limits.otherBody().toBytes();
    }

    /** Each %XX a pair of hex digits, and the bytes they make (with the plain characters) valid UTF-8. */
    static boolean validQuery(String query) {
        byte[] out = new byte[query.length()];
        int n = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()) {
                    return false;
                }
                int hi = Character.digit(query.charAt(i + 1), 16);
                int lo = Character.digit(query.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                return false;
            } else {
                out[n++] = (byte) c;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out, 0, n));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
