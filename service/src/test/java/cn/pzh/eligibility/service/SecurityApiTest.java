package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Roles over real HTTP: 401 without or with wrong credentials, 403 for the wrong role, the open endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
class SecurityApiTest {

    @LocalServerPort
    int port;

    @Test
    void noCredentialsIs401WithAProblemBodyAndABasicChallenge() {
        Http anonymous = Http.anonymous(port);
        Http.Response r = anonymous.postJson("/api/v1/determinations?asOf=2019-10-01", Http.example());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").intValue()).isEqualTo(401);
        assertThat(r.json().get("title").stringValue()).contains("需要登录");
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
        for (String path : new String[] {"/api/v1/ruleset", "/api/v1/parameters", "/api/v1/ruleset/reload",
                "/api/v1/batches"}) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.post("/api/v1/ruleset/reload", null, "").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordIs401() {
        Http.Response r = new Http(port, Http.CASEWORKER, "not-the-password").get("/api/v1/ruleset");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(new Http(port, "nobody", "caseworker-pass").get("/api/v1/ruleset").status()).isEqualTo(401);
    }

    @Test
    void theCaseworkerReadsAndEvaluatesButMayNotReloadOrRunBatches() {
        Http caseworker = new Http(port);
        assertThat(caseworker.postJson("/api/v1/determinations?asOf=2019-10-01", Http.example()).status())
                .isEqualTo(200);
        assertThat(caseworker.get("/api/v1/ruleset").status()).isEqualTo(200);
        assertThat(caseworker.get("/api/v1/ruleset/reload").status()).isEqualTo(200);
        assertThat(caseworker.get("/api/v1/parameters?asOf=2019-10-01").status()).isEqualTo(200);
        assertThat(caseworker.get("/").status()).isEqualTo(200);

        Http.Response reload = caseworker.post("/api/v1/ruleset/reload?dryRun=true", null, "");
        assertThat(reload.status()).isEqualTo(403);
        assertThat(reload.contentType()).startsWith("application/problem+json");
        assertThat(reload.json().get("detail").stringValue()).contains("政策科室");
        assertThat(caseworker.get("/api/v1/batches").status()).isEqualTo(403);
        assertThat(caseworker.postJson("/api/v1/batches", "{}").status()).isEqualTo(403);
    }

    @Test
    void policyStaffMayReload() {
        Http policy = Http.policy(port);
        assertThat(policy.postJson("/api/v1/determinations?asOf=2019-10-01", Http.example()).status())
                .isEqualTo(200);
        // A dry run on the repository's own rules: they pass, and they are the version already in service.
        Http.Response r = policy.post("/api/v1/ruleset/reload?dryRun=true", null, "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("outcome").stringValue()).isEqualTo("UNCHANGED");
        assertThat(r.json().get("requestedBy").stringValue()).isEqualTo("policy");
        assertThat(r.json().get("failedCases").size()).isZero();
        assertThat(r.json().get("casesRun").intValue()).isGreaterThan(50);
    }

    @Test
    void healthInfoAndTheApiDocumentStayOpen() {
        Http anonymous = Http.anonymous(port);
        Http.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        // Anyone sees that the ruleset is loaded; its details (paths, problems) are for signed-in users.
        assertThat(health.json().get("components").get("ruleset").get("status").stringValue()).isEqualTo("UP");
        assertThat(health.json().get("components").get("ruleset").has("details")).isFalse();
        assertThat(health.json().get("components").get("diskSpace").has("details")).isFalse();
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void theBrowserIsSentToAChineseSignInPage() {
        Http anonymous = Http.anonymous(port);
        Http.Response page = anonymous.get("/");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
        Http.Response login = anonymous.get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("登录").contains("用户名").contains("密码").contains("_csrf");
    }
}
