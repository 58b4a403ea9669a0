package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayInputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What an HTTP client may rely on beyond the bodies: content negotiation that never labels a ruleset as a problem,
 * ETags on the ruleset and the parameters (304 on If-None-Match), and gzip for whoever asks for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpConventionsTest {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        byte[] body() {
            return raw.body();
        }

        String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }
    }

    Answer get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET(), headers);
    }

    Answer send(HttpRequest.Builder b, Map<String, String> headers) {
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (Http.CASEWORKER + ":" + Http.CASEWORKER_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- content negotiation ---------------------------------------------------------------------------------------

    @Test
    void aClientThatAcceptsOnlyProblemJsonGets406NotARulesetLabelledAsAProblem() {
        for (String path : new String[] {"/api/v1/ruleset", "/api/v1/parameters?asOf=2019-10-01",
                "/api/v1/ruleset/reload"}) {
            Answer r = get(path, Map.of("Accept", "application/problem+json"));
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(406);
            assertThat(r.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(Json.MAPPER.readTree(r.body()).get("status").intValue()).isEqualTo(406);

            // What a generated client sends: the success type and the error type.
            Answer ok = get(path, Map.of("Accept", "application/json, application/problem+json"));
            assertThat(ok.status()).as(path).isEqualTo(200);
            assertThat(ok.header("Content-Type")).as(path).startsWith("application/json");
        }
    }

    // ---- ETag ------------------------------------------------------------------------------------------------------

    @Test
    void theRulesetIsTaggedWithItsVersionAndAnswers304WhileItServes() {
        Answer first = get("/api/v1/ruleset", Map.of());
        assertThat(first.status()).isEqualTo(200);
        String version = Json.MAPPER.readTree(first.body()).get("version").stringValue();
        String etag = first.header("ETag");
        assertThat(etag).isEqualTo("W/\"" + version + "\"");

        Answer again = get("/api/v1/ruleset", Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);
        // The strong form of the same tag matches too (If-None-Match compares weakly).
        assertThat(get("/api/v1/ruleset", Map.of("If-None-Match", "\"" + version + "\"")).status()).isEqualTo(304);

        Answer other = get("/api/v1/ruleset", Map.of("If-None-Match", "W/\"0000000000000000\""));
        assertThat(other.status()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(other.body()).get("version").stringValue()).isEqualTo(version);
    }

    @Test
    void parametersAreTaggedByVersionAndDate() {
        Answer y2019 = get("/api/v1/parameters?asOf=2019-10-01", Map.of());
        Answer y2022 = get("/api/v1/parameters?asOf=2022-01-01", Map.of());
        assertThat(y2019.status()).isEqualTo(200);
        String version = Json.MAPPER.readTree(y2019.body()).get("rulesetVersion").stringValue();
        assertThat(y2019.header("ETag")).isEqualTo("W/\"" + version + ":2019-10-01\"");
        assertThat(y2022.header("ETag")).isEqualTo("W/\"" + version + ":2022-01-01\"");

        Answer same = get("/api/v1/parameters?asOf=2019-10-01", Map.of("If-None-Match", y2019.header("ETag")));
        assertThat(same.status()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        // Another date's tag does not stand for this date's values.
        Answer otherDate = get("/api/v1/parameters?asOf=2019-10-01", Map.of("If-None-Match", y2022.header("ETag")));
        assertThat(otherDate.status()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(otherDate.body()).get("asOf").stringValue()).isEqualTo("2019-10-01");
    }

    // ---- compression -----------------------------------------------------------------------------------------------

    @Test
    void thePageScriptTheDocumentAndJsonAnswersAreGzippedForClientsThatAsk() {
        for (String path : new String[] {"/app.js", "/v3/api-docs", "/api/v1/ruleset",
                "/api/v1/parameters?asOf=2019-10-01"}) {
            Answer plain = get(path, Map.of());
            assertThat(plain.status()).as(path).isEqualTo(200);
            assertThat(plain.header("Content-Encoding")).as(path + " without Accept-Encoding").isNull();
            assertThat(plain.body().length).as(path).isGreaterThan(2048);

            Answer zipped = get(path, Map.of("Accept-Encoding", "gzip"));
            assertThat(zipped.status()).as(path).isEqualTo(200);
            assertThat(zipped.header("Content-Encoding")).as(path).isEqualTo("gzip");
            byte[] unzipped = gunzip(zipped.body());
            assertThat(zipped.body().length).as(path + " compressed").isLessThan(unzipped.length / 2);
            if (path.startsWith("/app.js")) {
                assertThat(unzipped).isEqualTo(plain.body());
            } else {
                JsonNode a = Json.MAPPER.readTree(unzipped);
                assertThat(a.isObject()).as(path).isTrue();
            }
        }

        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/determinations?asOf=2019-10-01"))
                .POST(HttpRequest.BodyPublishers.ofString(Http.example(), StandardCharsets.UTF_8));
        Answer determination = send(post, Map.of("Content-Type", "application/json", "Accept-Encoding", "gzip"));
        assertThat(determination.status()).isEqualTo(200);
        assertThat(determination.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(Json.MAPPER.readTree(gunzip(determination.body())).get("totals").get("monthly").decimalValue())
                .isPositive();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("not gzip", e);
        }
    }
}
