package cn.pzh.eligibility.service;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Plain HTTP to the running server, as another system would call it. */
final class Http {

    /** The data contract's example, beside the repository (tests run from the service module). */
    static final Path EXAMPLE = Path.of("../../shared/spec/household.example.json");

    record Response(int status, String contentType, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** The documented default users of the embedded setup (application.yaml). */
    static final String CASEWORKER = "caseworker";
    static final String CASEWORKER_PASSWORD = "caseworker-pass";
    static final String POLICY = "policy";
    static final String POLICY_PASSWORD = "policy-pass";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient client = CLIENT;
    private final String base;
    private final String authorization;

    /** As the default caseworker: what most API calls need. */
    Http(int port) {
        this(port, CASEWORKER, CASEWORKER_PASSWORD);
    }

    /** {@code user} null: no credentials at all. */
    Http(int port, String user, String password) {
        this.base = "http://localhost:" + port;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Http anonymous(int port) {
        return new Http(port, null, null);
    }

    static Http policy(int port) {
        return new Http(port, POLICY, POLICY_PASSWORD);
    }

    static String example() {
        try {
            return Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the example household " + EXAMPLE.toAbsolutePath()
                    + " is missing: tests need shared/ beside the repository", e);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    Response putJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** {@code contentType} null sends no Content-Type header at all. */
    Response post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    private Response send(HttpRequest.Builder b) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
