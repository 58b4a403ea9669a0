package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The findings of issue 8 that one request shows, each over real HTTP against the real service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class HardeningApiTest {

    private static final String CW = RawHttp.basic(Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
    private static final String POLICY = RawHttp.basic(Http.POLICY, Http.POLICY_PASSWORD);

    @LocalServerPort
    int port;

    static void assertProblem(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.headers() + " " + r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        JsonNode j = Json.MAPPER.readTree(r.body());
        assertThat(j.get("status").intValue()).isEqualTo(status);
        assertThat(j.get("type").stringValue()).startsWith("urn:pzh-eligibility:problem:");
        assertThat(j.get("title").stringValue()).isNotBlank();
    }

    private RawHttp.Response get(String target, String auth) {
        return RawHttp.send(port, null, "GET " + target + " HTTP/1.1\nHost: localhost" + (auth == null ? ""
                : "\nAuthorization: " + auth), null);
    }

    private RawHttp.Response postJson(String target, String auth, byte[] body) {
        return RawHttp.send(port, null, "POST " + target + " HTTP/1.1\nHost: localhost\nAuthorization: " + auth
                + "\nContent-Type: application/json\nContent-Length: " + body.length, body);
    }

    // Finding 1: a malformed %-escape in a query parameter was a 500 and ~147 log lines.
    @Test
    void malformedEscapesInTheQueryAre400AndBarelyLogged(CapturedOutput output) {
        byte[] example = Http.example().getBytes(StandardCharsets.UTF_8);
        int before = output.getAll().split("\n").length;
        int requests = 0;
        for (String bad : new String[] {"%", "%zz", "%C0%AF", "%E4%B8", "%FF", "2019-10-01%"}) {
            assertProblem(postJson("/api/v1/determinations?asOf=" + bad, CW, example), 400);
            assertProblem(postJson("/api/v1/determinations/batch?asOf=" + bad, CW, ("[" + Http.example() + "]")
                    .getBytes(StandardCharsets.UTF_8)), 400);
            assertProblem(get("/api/v1/parameters?asOf=" + bad, CW), 400);
            assertProblem(get("/api/v1/batches?x=" + bad, POLICY), 400);
            assertProblem(get("/actuator/health?x=" + bad, null), 400);
            requests += 5;
        }
        int logged = output.getAll().split("\n").length - before;
        assertThat(logged).as("log lines for " + requests + " bad requests").isLessThan(requests);
        // And the next good request is answered.
        assertThat(postJson("/api/v1/determinations?asOf=2019-10-01", CW, example).status()).isEqualTo(200);
    }

    // Finding 3: invalid UTF-8 and characters no register can store were accepted and silently changed.
    @Test
    void invalidUtf8AndLoneSurrogatesAndNulInIdsAreRefusedNamingTheField() throws Exception {
        String example = Http.example();
        String id = Json.MAPPER.readTree(example).get("householdId").stringValue();
        byte[][] badIds = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE4, (byte) 0xB8}};
        for (byte[] bad : badIds) {
            byte[] body = replaceId(example, id, bad);
            RawHttp.Response r = postJson("/api/v1/determinations?asOf=2019-10-01", CW, body);
            assertProblem(r, 400);
            assertThat(r.body()).contains("householdId").contains("UTF-8");
        }
        for (String escaped : new String[] {"\\ud800", "\\udc00x", "H\\u0000", "\\u0007"}) {
            byte[] body = replaceId(example, id, escaped.getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = postJson("/api/v1/determinations?asOf=2019-10-01", CW, body);
            assertProblem(r, 400);
            assertThat(Json.MAPPER.readTree(r.body()).get("errors").get(0).get("path").stringValue())
                    .isEqualTo("householdId");
        }
        String member = Json.MAPPER.readTree(example).get("members").get(1).get("memberId").stringValue();
        byte[] body = replaceId(example, member, "\\ud800".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response r = postJson("/api/v1/determinations?asOf=2019-10-01", CW, body);
        assertProblem(r, 400);
        assertThat(r.body()).contains("members[1].memberId");
        // A real character beyond the BMP is fine and comes back unchanged.
        RawHttp.Response ok = postJson("/api/v1/determinations?asOf=2019-10-01", CW,
                replaceId(example, id, "H-\uD842\uDFB7".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).get("householdId").stringValue()).isEqualTo("H-\uD842\uDFB7");
    }

    private static byte[] replaceId(String json, String id, byte[] replacement) throws Exception {
        int at = json.indexOf("\"" + id + "\"") + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.write(replacement);
        out.write(json.substring(at + id.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // Finding 4: one request's work and answer are bounded.
    @Test
    void aBatchOfTooManyMembersIsRefusedBeforeAnyEvaluation() {
        ObjectNode h = (ObjectNode) Json.MAPPER.readTree(Http.example());
        var members = h.withArray("members");
        JsonNode template = members.get(0);
        while (members.size() < 200) {
            ObjectNode m = (ObjectNode) template.deepCopy();
            m.put("memberId", "M" + members.size());
            members.add(m);
        }
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            batch.append(i == 0 ? "" : ",").append(h.toString());
        }
        batch.append(']');
        RawHttp.Response r = postJson("/api/v1/determinations/batch?asOf=2019-10-01", CW,
                batch.toString().getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400);
        assertThat(r.body()).contains("members-per-request");
    }

    // Finding 5: every error answer is problem+json, with a type.
    @Test
    void everyErrorAnswerIsProblemJson() {
        assertProblem(get("/api/v1/parameters?asOf=" + "x".repeat(10_000), CW), 400);
        assertProblem(get("/api/v1/parameters?asOf[]=2019-10-01", CW), 400);
        assertProblem(get("/api/v1/a%2fb", CW), 400);
        assertProblem(get("/api/v1/a%00b", CW), 400);
        assertProblem(get("/api/v1/../api/v1/ruleset", CW), 400);
        assertProblem(get("/api/v1/ruleset/..;/x", CW), 400);
        assertProblem(RawHttp.send(port, "GET /api/v1/ruleset HTTP/1.1\nHost: localhost\nAuthorization: " + CW
                + "\nContent-Type: " + "a".repeat(8200)), 400);
        RawHttp.Response trace = RawHttp.send(port, "TRACE /api/v1/ruleset HTTP/1.1\nHost: localhost\nAuthorization: " + CW);
        assertProblem(trace, 405);
        assertProblem(get("/error", null), 404);
        assertProblem(get("/error", CW), 404);
        assertProblem(get("/api/v1/no-such-thing", POLICY), 404);
        assertProblem(RawHttp.send(port, "DELETE /api/v1/ruleset HTTP/1.1\nHost: localhost\nAuthorization: " + POLICY), 405);
        assertProblem(RawHttp.send(port, "GET /api/v1/ruleset HTTP/1.1\nHost: localhost\nAccept: image/png\nAuthorization: "
                + CW), 406);
        assertProblem(RawHttp.send(port, null, "POST /api/v1/determinations HTTP/1.1\nHost: localhost\nAuthorization: "
                + CW + "\nContent-Type: text/plain\nContent-Length: 2", "{}".getBytes(StandardCharsets.US_ASCII)), 415);
    }

    // HTTP conventions: HEAD and OPTIONS where a caseworker may GET; a foreign preflight answered, not 401.
    @Test
    void headOptionsAndPreflight() {
        RawHttp.Response head = RawHttp.send(port, "HEAD /api/v1/ruleset HTTP/1.1\nHost: localhost\nAuthorization: " + CW);
        assertThat(head.status()).isEqualTo(200);
        RawHttp.Response options = RawHttp.send(port, "OPTIONS /api/v1/parameters HTTP/1.1\nHost: localhost\nAuthorization: " + CW);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).contains("GET");
        RawHttp.Response preflight = RawHttp.send(port, "OPTIONS /api/v1/determinations HTTP/1.1\nHost: localhost:" + port
                + "\nOrigin: http://evil.example\nAccess-Control-Request-Method: POST");
        assertProblem(preflight, 403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    // Finding 6: a state change riding on the session cookie needs the CSRF token; Basic clients stay tokenless.
    @Test
    void cookieSessionStateChangesNeedTheCsrfToken() throws Exception {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
        assertThat(m.find()).isTrue();
        String form = "username=policy&password=" + URLEncoder.encode(Http.POLICY_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        // The page's GET sets the token cookie the page script sends back.
        browser.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/ruleset/reload?dryRun=true")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.body()).contains("csrf").doesNotContain("角色");
        HttpResponse<String> forgedForm = browser.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/ruleset/reload?dryRun=true")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("a=b")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forgedForm.statusCode()).isEqualTo(403);
        HttpResponse<String> forgedUpload = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/batches"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"file\";"
                        + " filename=\"x.jsonl\"\r\n\r\n" + Json.MAPPER.readTree(Http.example()) + "\r\n--b--\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forgedUpload.statusCode()).as(forgedUpload.body()).isEqualTo(403);

        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        HttpResponse<String> withToken = browser.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/ruleset/reload?dryRun=true")).header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);

        // Tokenless sign-out: refused for what it is, not as a matter of role.
        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(logout.body()).doesNotContain("角色").contains("令牌");

        // Basic clients need no token.
        assertThat(Http.policy(port).post("/api/v1/ruleset/reload?dryRun=true", null, "").status()).isEqualTo(200);
    }

    // Finding 7: the page's security headers.
    @Test
    void thePageCarriesContentSecurityReferrerAndPermissionsPolicies() {
        RawHttp.Response page = get("/", CW);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").contains("frame-ancestors 'none'");
        assertThat(page.header("Referrer-Policy")).isNotBlank();
        assertThat(page.header("Permissions-Policy")).contains("camera=()");
    }

    // Finding 14: health details only to policy staff.
    @Test
    void healthDetailsAreForPolicyStaffOnly() {
        JsonNode asCaseworker = Json.MAPPER.readTree(get("/actuator/health", CW).body());
        assertThat(asCaseworker.get("components").get("ruleset").has("details")).isFalse();
        assertThat(asCaseworker.get("components").get("diskSpace").has("details")).isFalse();
        JsonNode asPolicy = Json.MAPPER.readTree(get("/actuator/health", POLICY).body());
        assertThat(asPolicy.get("components").get("ruleset").get("details").has("version")).isTrue();
    }

    // Finding 15: batch dates are refused up front, as /determinations refuses them.
    @Test
    void batchDatesBeforeAnyRuleOrWithSpacesAreRefusedUpFront() {
        for (String asOf : new String[] {"1800-01-01", " 2019-10-01", "2019-10-01 "}) {
            String part = "--b\r\nContent-Disposition: form-data; name=\"asOf\"\r\n\r\n" + asOf + "\r\n";
            String file = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jsonl\"\r\n\r\n"
                    + Json.MAPPER.readTree(Http.example()) + "\n\r\n--b--\r\n";
            byte[] body = (part + file).getBytes(StandardCharsets.UTF_8);
            RawHttp.Response r = RawHttp.send(port, null, "POST /api/v1/batches HTTP/1.1\nHost: localhost\nAuthorization: "
                    + POLICY + "\nContent-Type: multipart/form-data; boundary=b\nContent-Length: " + body.length, body);
            assertProblem(r, 400);
            assertThat(r.body()).as(asOf).contains("asOf");
        }
        RawHttp.Response d = postJson("/api/v1/determinations?asOf=%202019-10-01", CW,
                Http.example().getBytes(StandardCharsets.UTF_8));
        assertProblem(d, 400);
    }
}
