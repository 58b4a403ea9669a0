package cn.pzh.eligibility.service.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Plain HTTP to a running service, as another system would call it: multipart bodies written by hand, and every
 * request with the Basic credentials the service will require once its security is in place.
 */
final class BatchClient {

    static final String BATCHES = "/api/v1/batches";
    static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("policy:policy-pass".getBytes(StandardCharsets.UTF_8));

    record Response(int status, String contentType, byte[] bytes, String location) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return Json.MAPPER.readTree(bytes);
        }
    }

    /** A file part of a form. */
    record FilePart(String name, String fileName, byte[] content) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    BatchClient(int port) {
        this.base = "http://localhost:" + port;
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** POST multipart/form-data with the given text fields and file part (either may be absent). */
    Response submit(Map<String, String> fields, FilePart file) {
        String boundary = "----pzh-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n");
        }
        if (file != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.name()
                    + "\"; filename=\"" + file.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(file.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(request(BATCHES).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Response submit(String fileName, byte[] content, Map<String, String> fields) {
        return submit(fields, new FilePart("file", fileName, content));
    }

    /** Polls the job until it is DONE, FAILED or INTERRUPTED, and returns its last view. */
    JsonNode await(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response r = get(BATCHES + "/" + id);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode job = r.json();
            if (Set.of("DONE", "FAILED", "INTERRUPTED").contains(job.get("state").stringValue())) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s finished in time: %s", id, job).isLessThan(deadline);
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH)
                .timeout(Duration.ofSeconds(60));
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A problem+json answer with this status, its errors' paths (empty when it lists none). */
    static java.util.List<String> assertProblem(Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").intValue()).isEqualTo(status);
        assertThat(p.get("title").stringValue()).isNotBlank();
        assertThat(p.get("detail").stringValue()).isNotBlank();
        java.util.List<String> paths = new java.util.ArrayList<>();
        if (p.has("errors")) {
            p.get("errors").forEach(e -> {
                assertThat(e.get("messageZh").stringValue()).isNotBlank();
                paths.add(e.get("path").stringValue());
            });
        }
        return paths;
    }
}
