package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The policy officer's page in Chromium against the real service, a copy of the rules and a register of four
 * households (the same as ProposalApiTest, whose impact is worked out by hand there): propose 470 yuan for
 * dibao.standard.rural from 2026-01-01, see the dry run's impact, publish, re-evaluate and open the worklist; then a
 * caseworker's session confirms an item and prints its notice. Screenshots of each screen go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PolicyPageBrowserTest {

    static final Path SHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    static final RulesCopy COPY = new RulesCopy();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("rules.dir", COPY.rules::toString);
        r.add("cases.dir", COPY.cases::toString);
        r.add("reload.watch", () -> "false");
        r.add("register.dir", () -> COPY.root.resolve("register").toString());
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void removeCopy() {
        COPY.close();
    }

    static String member(String id, String name, String relation, String birth) {
        return """
                {"memberId": "%s", "name": "%s", "birthDate": "%s", "relation": "%s", "laborCapacity": "NONE",
                 "employed": false, "student": "NONE", "seriousIllness": false, "chronicIllness": false,
                 "employeePension": true, "residentPensionEnrolled": false, "receivesBasicPension": false,
                 "extremelyPoorSupported": false, "orphanGuarantee": false, "workInjuryNursingFee": false}
                """.formatted(id, name, birth, relation);
    }

    static String household(String id, String county, String residence, String income, String... members) {
        return """
                {"householdId": "%s", "county": "%s", "address": {"township": "大田镇", "village": "大田村"},
                 "residence": "%s", "povertyStatus": "REGISTERED", "receivesDibao": false,
                 "incomes": [{"type": "AGRICULTURE", "annualAmount": %s}], "housingSafety": "A",
                 "safeDrinkingWater": true, "hardship": null, "members": [%s]}
                """.formatted(id, county, residence, income, String.join(",", members));
    }

    void register() {
        Http cw = new Http(port);
        List<String> households = List.of(
                household("510411-2026-000001", "仁和区", "RURAL", "3600",
                        member("m1", "测试甲", "HEAD", "1986-05-01"), member("m2", "测试乙", "SPOUSE", "1987-06-01")),
                household("510411-2026-000002", "东区", "RURAL", "0", member("m1", "测试丙", "HEAD", "1985-01-01"),
                        member("m2", "测试丁", "SPOUSE", "1985-02-01"), member("m3", "测试戊", "CHILD", "1990-03-01")),
                household("510411-2026-000003", "西区", "URBAN", "1200", member("m1", "测试己", "HEAD", "1980-01-01")),
                household("510411-2026-000004", "米易县", "RURAL", "5400", member("m1", "测试庚", "HEAD", "1981-01-01")));
        int i = 1;
        for (String h : households) {
            Http.Response r = cw.postJson("/api/v1/households", h);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            // The baseline of the re-evaluation: each household's recorded determination before the new value.
            Http.Response d = cw.post("/api/v1/households/510411-2026-00000" + i++ + "/determinations?asOf=2025-12-31",
                    "application/json", "");
            assertThat(d.status()).as(d.body()).isBetween(200, 201);
        }
    }

    WebDriver driver;
    WebDriverWait wait;

    void shot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    void click(String id) {
        WebElement e = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", e);
        e.click();
    }

    void scrollTo(String id) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void proposeDryRunPublishReevaluateAndConfirm() throws IOException {
        register();
        try (Browser browser = new Browser()) {
            driver = browser.driver;
            wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            String base = "http://localhost:" + port;
            driver.get(base + "/policy.html");
            CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.POLICY, Http.POLICY_PASSWORD);
            wait.until(d -> d.getCurrentUrl().contains("/policy.html"));
            wait.until(d -> !d.findElements(By.cssSelector("#parameters-table tr[data-parameter='dibao.standard.rural']"))
                    .isEmpty());
            String serving = text("ruleset-version");
            assertThat(serving).isNotBlank().isNotEqualTo("加载中…");
            assertThat(driver.findElement(By.cssSelector("#parameters-table tr[data-parameter='dibao.standard.rural']"))
                    .getText()).contains("2019-01-01", "2021-12-01", "农村低保标准");
            shot("policy-parameters.png");

            // The skip link leads to the main content.
            WebElement skip = driver.findElement(By.cssSelector("a.skip-link"));
            assertThat(skip.getDomAttribute("href")).isEqualTo("#main");

            // A bad value is refused beside its field, and the focus goes there.
            driver.findElement(By.cssSelector("#parameters-table tr[data-parameter='dibao.standard.rural'] button")).click();
            assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("p-value");
            driver.findElement(By.id("p-value")).sendKeys("四百七");
            ((JavascriptExecutor) driver).executeScript("document.getElementById('p-from').value = '2026-01-01';");
            driver.findElement(By.id("p-reference")).sendKeys("攀枝花市民政局 2025 年第 3 号通知");
            click("propose-button");
            wait.until(d -> !text("p-value-error").isBlank());
            assertThat(text("p-value-error")).contains("数字");
            assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("p-value");

            WebElement value = driver.findElement(By.id("p-value"));
            value.clear();
            value.sendKeys("470");
            click("propose-button");
            wait.until(d -> text("proposal-diff").contains("+    - from: 2026-01-01"));
            assertThat(text("proposal-diff")).contains("+      value: 470", "+      reference: 攀枝花市民政局 2025 年第 3 号通知");
            scrollTo("proposal-panel");
            shot("policy-proposal.png");

            click("dryrun-button");
            wait.withTimeout(Duration.ofSeconds(240)).until(d -> text("gate-message").contains("可以发布"));
            String impact = text("impact-report");
            // By hand (ProposalApiTest): 3 households change, 2,430 → 2,600 a month, 29,160 → 31,200 a year.
            assertThat(impact).contains("待遇有变化户数 3", "2,430.00 → 2,600.00", "29,160.00 → 31,200.00", "米易县",
                    "增加超过5%");
            assertThat(driver.findElements(By.cssSelector("#impact-report svg rect"))).isNotEmpty();
            scrollTo("dryrun-panel");
            shot("policy-dry-run.png");

            click("publish-button");
            wait.withTimeout(Duration.ofSeconds(240)).until(d -> text("publish-status").contains("已发布"));
            wait.until(d -> !text("ruleset-version").equals(serving));
            assertThat(text("proposals-table")).contains("已发布", "policy");
            scrollTo("dryrun-panel");
            shot("policy-published.png");

            // The re-evaluation date is the new value's from-date.
            assertThat(driver.findElement(By.id("r-asof")).getDomProperty("value")).isEqualTo("2026-01-01");
            click("reeval-button");
            wait.withTimeout(Duration.ofSeconds(240)).until(d -> text("reeval-status").contains("已完成"));
            wait.until(d -> driver.findElements(By.cssSelector("#worklist-table tbody tr")).size() == 3);
            assertThat(text("reeval-impact")).contains("待遇有变化户数 3");
            scrollTo("reeval-panel");
            shot("policy-reevaluation.png");
            assertThat(text("worklist-table")).contains("510411-2026-000001", "510411-2026-000002",
                    "510411-2026-000004", "新增", "金额调整").doesNotContain("510411-2026-000003");
            new Select(driver.findElement(By.id("w-kind"))).selectByValue("ADDED");
            click("worklist-button");
            wait.until(d -> driver.findElements(By.cssSelector("#worklist-table tbody tr")).size() == 1);
            assertThat(driver.findElement(By.id("worklist-csv")).getDomAttribute("href")).contains("worklist.csv",
                    "kind=ADDED");
            new Select(driver.findElement(By.id("w-kind"))).selectByValue("");
            click("worklist-button");
            wait.until(d -> driver.findElements(By.cssSelector("#worklist-table tbody tr")).size() == 3);
            scrollTo("worklist-panel");
            shot("policy-worklist.png");
            String run = (String) ((JavascriptExecutor) driver).executeScript(
                    "return document.querySelector('#runs-table tbody tr td').textContent;");

            // A caseworker: the policy page is not theirs; they confirm an item and print its notice.
            driver.manage().deleteAllCookies();
            driver.get(base + "/");
            CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
            driver.get(base + "/policy.html");
            assertThat(driver.getPageSource()).doesNotContain("提出参数新取值");
            driver.get(base + "/");
            Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const token = (document.cookie.split('; ').find((x) => x.startsWith('XSRF-TOKEN=')) || '=').split('=')[1];
                    fetch('api/v1/reevaluations/' + arguments[0] + '/worklist/510411-2026-000004/confirm',
                        { method: 'POST', headers: { 'X-XSRF-TOKEN': decodeURIComponent(token), Accept: 'application/json' } })
                      .then((r) => r.json().then((j) => done(r.status + ' ' + j.status)));
                    """, run);
            assertThat(status).isEqualTo("200 CONFIRMED");
            driver.get(base + "/api/v1/reevaluations/" + run + "/worklist/510411-2026-000004/notice");
            String notice = driver.findElement(By.tagName("body")).getText();
            assertThat(notice).contains("告知书", "510411-2026-000004", "2026-01-01");
            shot("policy-notice.png");
            PrintOptions a4 = new PrintOptions();
            a4.setPageSize(new PageSize(29.7, 21.0));
            byte[] pdf = Base64.getDecoder().decode(browser.driver.print(a4).getContent());
            assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
            Files.write(SHOTS.resolve("policy-notice.pdf"), pdf);
        }
    }
}
