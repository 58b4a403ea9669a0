package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Overload, slow senders and password guessing (issue 8, findings 8, 9, 10), with the limits turned down so each
 * is reached by a handful of connections. Other clients are other loopback addresses (127.0.0.x), bound by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false",
        "server.tomcat.threads.max=12", "server.tomcat.connection-timeout=2s",
        "limits.concurrent-requests=4", "limits.queue=2", "limits.queue-wait=300ms", "limits.requests-per-client=3",
        "limits.login-failures-per-user=3", "limits.login-failures-per-address=6", "limits.login-window=10m"})
@Timeout(120)
// The sign-in throttle tests last: they lock the policy user (and one address) for the rest of this context.
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class LimitsApiTest {

    private static final String CW = RawHttp.basic(Http.CASEWORKER, Http.CASEWORKER_PASSWORD);

    @LocalServerPort
    int port;

    /** Sends the head of a determination declaring {@code length} bytes and only a few: a slow sender. */
    private Socket slowSender(String from, int length) throws IOException {
        return slowSender(from, length, "/api/v1/determinations?asOf=2019-10-01", "application/json");
    }

    private Socket slowSender(String from, int length, String target, String contentType) throws IOException {
        Socket s = RawHttp.open(port, from);
        OutputStream out = s.getOutputStream();
        String auth = target.startsWith("/api/v1/batches") ? RawHttp.basic(Http.POLICY, Http.POLICY_PASSWORD) : CW;
        out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + auth
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** Until a good request is answered 200 (the service notices closed senders within moments, not at once). */
    private void awaitServed() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Http.Response r = new Http(port).postJson("/api/v1/determinations?asOf=2019-10-01", Http.example());
            if (r.status() == 200) {
                return;
            }
            assertThat(System.nanoTime() - deadline).as("served again within 10 s; last " + r.status()).isNegative();
            Thread.sleep(100);
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    // Finding 10: slow senders from one address no longer hold the service.
    @Test
    void slowSendersFromOneAddressAreCappedAndOthersAreStillServed() throws Exception {
        awaitServed();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                slow.add(slowSender("127.0.0.5", 100_000));
            }
            Thread.sleep(300);
            long t = System.nanoTime();
            Http.Response ok = new Http(port).postJson("/api/v1/determinations?asOf=2019-10-01", Http.example());
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat((System.nanoTime() - t) / 1_000_000).as("ms for a good request beside 20 slow ones").isLessThan(1500);
            // The sender's own extra connections were refused at once with 429.
            int refused = 0;
            for (Socket s : slow) {
                s.setSoTimeout(200);
                try {
                    RawHttp.Response r = RawHttp.read(s.getInputStream());
                    if (r.status() == 429) {
                        refused++;
                        assertThat(r.header("Retry-After")).isNotNull();
                        assertThat(r.contentType()).startsWith("application/problem+json");
                    }
                } catch (IOException e) {
                    // still held (one of the admitted three)
                }
            }
            assertThat(refused).isGreaterThanOrEqualTo(17);
        } finally {
            closeAll(slow);
        }
        awaitServed();
    }

    // Finding 10: a body that stops coming is cut off by the read timeout with a 408 problem.
    @Test
    void aStalledBodyIsCutOffWith408() throws Exception {
        awaitServed();
        try (Socket s = slowSender("127.0.0.6", 5000)) {
            long t = System.nanoTime();
            RawHttp.Response r = RawHttp.read(s.getInputStream());
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(8000);
        }
    }

    // Finding 10: a declared body above the limit is refused before a byte of it is read.
    @Test
    void anOversizedContentLengthIsRefusedAtOnce() throws Exception {
        try (Socket s = slowSender("127.0.0.7", 50_000_000)) {
            s.setSoTimeout(1500);
            RawHttp.Response r = RawHttp.read(s.getInputStream());
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    // Finding 9: beyond the work places and the queue, 503 with Retry-After, quickly.
    @Test
    void beyondTheQueueTheAnswerIs503WithRetryAfterQuickly() throws Exception {
        awaitServed();
        // Six clients at three addresses keep sending batches of 1,000 households: four at work, two queued.
        StringBuilder batch = new StringBuilder("[");
        String one = cn.pzh.eligibility.input.Json.MAPPER.readTree(Http.example()).toString();
        for (int i = 0; i < 1000; i++) {
            batch.append(i == 0 ? "" : ",").append(one);
        }
        byte[] body = batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        for (String from : new String[] {"127.0.0.8", "127.0.0.8", "127.0.0.9", "127.0.0.9", "127.0.0.10", "127.0.0.10"}) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    RawHttp.send(port, from, "POST /api/v1/determinations/batch?asOf=2019-10-01 HTTP/1.1\nHost: localhost"
                            + "\nAuthorization: " + CW + "\nContent-Type: application/json\nContent-Length: " + body.length, body);
                }
            });
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        try {
            Thread.sleep(500);
            Http.Response refused = null;
            long ms = 0;
            for (int i = 0; i < 50 && refused == null; i++) {
                long t = System.nanoTime();
                Http.Response r = new Http(port).postJson("/api/v1/determinations?asOf=2019-10-01", Http.example());
                if (r.status() == 503) {
                    refused = r;
                    ms = (System.nanoTime() - t) / 1_000_000;
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                }
            }
            assertThat(refused).as("a 503 while six batches keep four places and the queue busy").isNotNull();
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(ms).as("ms to the 503").isLessThan(1500);
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join(60_000);
            }
        }
        awaitServed();
    }

    // Finding 8: guessing a user's password is throttled, and the 401 says so; other users are not affected.
    @Test
    @org.junit.jupiter.api.Order(100)
    void wrongPasswordsForOneUserThrottleThatUser() {
        for (int i = 0; i < 3; i++) {
            assertThat(new Http(port, Http.POLICY, "guess-" + i).get("/api/v1/ruleset").status()).isEqualTo(401);
        }
        Http.Response r = Http.policy(port).get("/api/v1/ruleset");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(r.json().get("type").stringValue()).endsWith("sign-in-throttled");
        assertThat(r.json().get("detail").stringValue()).contains("登录失败次数过多");
        assertThat(new Http(port).get("/api/v1/ruleset").status()).isEqualTo(200);
    }

    // Finding 8: many names guessed from one address throttle that address, not the others.
    @Test
    @org.junit.jupiter.api.Order(101)
    void wrongPasswordsFromOneAddressThrottleThatAddress() {
        String from = "127.0.0.20";
        for (int i = 0; i < 6; i++) {
            RawHttp.Response r = RawHttp.send(port, from, "GET /api/v1/ruleset HTTP/1.1\nHost: localhost\nAuthorization: "
                    + RawHttp.basic("user" + i, "x"), null);
            assertThat(r.status()).isEqualTo(401);
        }
        RawHttp.Response r = RawHttp.send(port, from, "GET /api/v1/ruleset HTTP/1.1\nHost: localhost\nAuthorization: "
                + RawHttp.basic("nobody-else", "y"), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("sign-in-throttled");
        assertThat(r.header("Retry-After")).isNotNull();
        // A caseworker at another address signs in as usual.
        RawHttp.Response other = RawHttp.send(port, "127.0.0.21", "GET /api/v1/ruleset HTTP/1.1\nHost: localhost\n"
                + "Authorization: " + CW, null);
        assertThat(other.status()).isEqualTo(200);
    }
}
