package cn.pzh.eligibility.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP written by hand on a socket: what no well-behaved client would send (a bare %, TRACE, a path kept as is,
 * invalid UTF-8, a body that never comes) and, bound to another loopback address (127.0.0.x), a different client.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Socket open(int port, String from) {
        try {
            Socket s = new Socket();
            if (from != null) {
                s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head as given (CRLFs added), then the body bytes; reads the answer until the server closes. */
    static Response send(int port, String from, String head, byte[] body) {
        try (Socket s = open(port, from)) {
            s.getOutputStream().write((head.strip().replace("\n", "\r\n") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                s.getOutputStream().write(body);
            }
            s.getOutputStream().flush();
            return head.startsWith("HEAD ") ? readHead(s.getInputStream()) : read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response send(int port, String head) {
        return send(port, null, head, null);
    }

    /** The answer to a HEAD: its head only, whatever Content-Length says. */
    static Response readHead(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            all.write(b);
            String t = all.toString(StandardCharsets.ISO_8859_1);
            if (t.endsWith("\r\n\r\n")) {
                Response r = parse(all.toByteArray(), true);
                return new Response(r.status(), r.headers(), "");
            }
        }
        throw new IOException("no HTTP answer to HEAD");
    }

    /** Reads one answer: the head, then Content-Length bytes, chunks, or all until close. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                Response r = parse(all.toByteArray(), false);
                if (r != null) {
                    return r;
                }
            }
        } catch (SocketTimeoutException e) {
            // Answer what came.
        }
        Response r = parse(all.toByteArray(), true);
        if (r == null) {
            throw new IOException("no HTTP answer: " + all.toString(StandardCharsets.ISO_8859_1));
        }
        return r;
    }

    private static Response parse(byte[] bytes, boolean atEnd) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        String length = headers.get("content-length");
        if (length != null && !atEnd) {
            int len = Integer.parseInt(length);
            if (rest.length < len) {
                return null;
            }
            return new Response(status, headers, new String(rest, 0, len, StandardCharsets.UTF_8));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            String body = dechunk(rest);
            return body == null ? (atEnd ? new Response(status, headers, "") : null) : new Response(status, headers, body);
        }
        return atEnd ? new Response(status, headers, new String(rest, StandardCharsets.UTF_8)) : null;
    }

    private static String dechunk(byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(rest, i);
            if (eol < 0) {
                return null;
            }
            int size = Integer.parseInt(new String(rest, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            if (eol + 2 + size + 2 > rest.length) {
                return null;
            }
            out.write(rest, eol + 2, size);
            i = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
