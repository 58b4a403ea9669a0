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
import tools.jackson.databind.JsonNode;

/** Plain HTTP to the running server, as another system would call it. */
final class Http {

    /** The data contract's example, beside the repository (tests run from the service module). */
    static final Path EXAMPLE = Path.of("../../shared/spec/household.example.json");

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(int port) {
        this.base = "http://localhost:" + port;
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
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
