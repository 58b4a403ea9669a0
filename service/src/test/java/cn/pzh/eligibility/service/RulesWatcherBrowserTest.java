package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The file watcher on a copy of the rules: saving a good edit publishes it with no API call; saving a broken one
 * is refused and the caseworker page, open in a real browser, shows the banner with the file and line until the
 * file is put right.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RulesWatcherBrowserTest {

    static final RulesCopy COPY = new RulesCopy();

    @DynamicPropertySource
    static void rulesCopy(DynamicPropertyRegistry r) {
        r.add("rules.dir", COPY.rules::toString);
        r.add("cases.dir", COPY.cases::toString);
        r.add("reload.watch", () -> "true");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void removeTheCopy() {
        COPY.close();
    }

    private JsonNode waitForStatus(Http http, Predicate<JsonNode> until) throws InterruptedException {
        JsonNode status = null;
        for (int i = 0; i < 120; i++) {
            status = http.get("/api/v1/ruleset/reload").json();
            if (until.test(status)) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the watcher did not reload in 30 s: " + status);
    }

    @Test
    void savedEditsAreReloadedAndARefusedOneShowsOnThePage() throws InterruptedException {
        Http http = new Http(port);
        String original = http.get("/api/v1/ruleset").json().get("version").stringValue();

        COPY.raiseRuralStandardFrom2025();
        JsonNode swapped = waitForStatus(http, s -> !original.equals(s.get("servingVersion").stringValue()));
        assertThat(swapped.get("lastReload").get("outcome").stringValue()).isEqualTo("SWAPPED");
        assertThat(swapped.get("lastReload").get("trigger").stringValue()).isEqualTo("watcher");
        String edited = swapped.get("servingVersion").stringValue();

        int lines = COPY.read("dibao.drl").split("\n", -1).length;
        COPY.write("dibao.drl", COPY.read("dibao.drl") + "\nrule \"坏规则\"\nwhen\n    $h : Household( \nthen\nend\n");
        JsonNode refused = waitForStatus(http, s -> !s.get("lastRefused").isNull());
        assertThat(refused.get("servingVersion").stringValue()).isEqualTo(edited);
        JsonNode problem = refused.get("lastRefused").get("problems").get(0);
        assertThat(problem.get("file").stringValue()).endsWith("/dibao.drl");
        int line = problem.get("line").intValue();
        assertThat(line).isBetween(lines, lines + 6);
        assertThat(http.postJson("/api/v1/determinations?asOf=2025-06-01", Http.example()).json()
                .get("ruleset").get("version").stringValue()).isEqualTo(edited);

        try (Browser browser = new Browser()) {
            WebDriver driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get("http://localhost:" + port + "/");
            CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
            wait.until(d -> d.findElement(By.id("reload-banner")).isDisplayed());
            WebElement banner = driver.findElement(By.id("reload-banner"));
            assertThat(banner.getText()).contains("规则修改未生效").contains("dibao.drl").contains("第 " + line + " 行")
                    .contains(edited);
            assertThat(driver.findElement(By.id("ruleset-version")).getText()).contains(edited);

            COPY.restore();
            waitForStatus(http, s -> s.get("lastRefused").isNull() && original.equals(s.get("servingVersion")
                    .stringValue()));
            // The page polls every 5 s: the banner goes and the version line follows the swap.
            wait.until(d -> !d.findElement(By.id("reload-banner")).isDisplayed());
            wait.until(d -> d.findElement(By.id("ruleset-version")).getText().contains(original));
        }
    }
}
