package cn.pzh.eligibility.service;

import static cn.pzh.eligibility.service.PageHouseholds.householdJson;
import static cn.pzh.eligibility.service.PageHouseholds.memberJson;
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
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The policy officer's page in Chromium against the real service, a copy of the rules and a register of four
 * households (those of ProposalApiTest, one moved to 仁和区): propose 470 yuan for dibao.standard.rural from
 * 2026-01-01, see the dry run's impact, publish, re-evaluate, open the worklist and run a batch job; then a
 * caseworker confirms three items on the worklist page, prints one notice and a township's notices to PDF (one page
 * per household, counted with PDFBox). axe-core checks each screen. Screenshots go to target/screenshots (copied
 * to docs/screenshots by hand).
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
        r.add("batches.dir", () -> COPY.root.resolve("jobs").toString());
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void removeCopy() {
        COPY.close();
    }

    void register() {
        Http cw = new Http(port);
        List<String> households = List.of(
                householdJson("510411-2026-000001", "仁和区", "RURAL", "3600",
                        memberJson("m1", "测试甲", "HEAD", "1986-05-01"), memberJson("m2", "测试乙", "SPOUSE", "1987-06-01")),
                householdJson("510411-2026-000002", "仁和区", "RURAL", "0", memberJson("m1", "测试丙", "HEAD", "1985-01-01"),
                        memberJson("m2", "测试丁", "SPOUSE", "1985-02-01"), memberJson("m3", "测试戊", "CHILD", "1990-03-01")),
                householdJson("510411-2026-000003", "西区", "URBAN", "1200", memberJson("m1", "测试己", "HEAD", "1980-01-01")),
                householdJson("510411-2026-000004", "米易县", "RURAL", "5400", memberJson("m1", "测试庚", "HEAD", "1981-01-01")));
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
    Browser browser;

    void shot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    void click(String id) {
        WebElement e = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    void scrollTo(String id) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    void setDate(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id,
                value);
    }

    /** The page printed as Chromium prints it to PDF on A4, and its number of pages. */
    PDDocument print() throws IOException {
        PrintOptions a4 = new PrintOptions();
        a4.setPageSize(new PageSize(29.7, 21.0));
        byte[] pdf = Base64.getDecoder().decode(browser.driver.print(a4).getContent());
        return Loader.loadPDF(pdf);
    }

    @Test
    void proposeDryRunPublishReevaluateAndConfirm() throws IOException {
        register();
        try (Browser b = new Browser()) {
            browser = b;
            driver = b.driver;
            wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            String base = "http://localhost:" + port;
            driver.get(base + "/policy.html");
            CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.POLICY, Http.POLICY_PASSWORD);
            wait.until(d -> d.getCurrentUrl().contains("/policy.html"));
            wait.until(d -> !d.findElements(By.cssSelector("#parameters-table tr[data-parameter='dibao.standard.rural']"))
                    .isEmpty());
            wait.until(d -> !text("last-reload").equals("加载中…"));
            String serving = text("ruleset-version");
            assertThat(serving).isNotBlank().isNotEqualTo("加载中…");
            // Each dated value once, with its unit once.
            assertThat(driver.findElement(By.cssSelector("#parameters-table tr[data-parameter='dibao.standard.rural']"))
                    .getText()).contains("2019-01-01：410 元/人·月", "2021-12-01：440 元/人·月", "农村低保标准")
                    .doesNotContain("元/人·月 元/人·月");
            Axe.assertClean(driver, "policy page: parameters");
            shot("policy-1-parameters.png");

            // The skip link leads to the main content.
            WebElement skip = driver.findElement(By.cssSelector("a.skip-link"));
            assertThat(skip.getDomAttribute("href")).isEqualTo("#main");

            // A bad value is refused beside its field, and the focus goes there.
            driver.findElement(By.cssSelector("#parameters-table tr[data-parameter='dibao.standard.rural'] button")).click();
            assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("p-value");
            driver.findElement(By.id("p-value")).sendKeys("四百七");
            setDate("p-from", "2026-01-01");
            driver.findElement(By.id("p-reference")).sendKeys("攀枝花市民政局 2025 年第 3 号通知");
            click("propose-button");
            wait.until(d -> !text("p-value-error").isBlank());
            assertThat(text("p-value-error")).contains("数字");
            assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("p-value");
            Axe.assertClean(driver, "policy page: a refused value");

            WebElement value = driver.findElement(By.id("p-value"));
            value.clear();
            value.sendKeys("470");
            click("propose-button");
            wait.until(d -> text("proposal-diff").contains("+    - from: 2026-01-01"));
            assertThat(text("proposal-diff")).contains("+      value: 470", "+      reference: 攀枝花市民政局 2025 年第 3 号通知");
            // Nothing is live yet: the rule file in service is as it was.
            assertThat(COPY.read("parameters/dibao.yaml")).doesNotContain("470");
            scrollTo("proposal-panel");
            shot("policy-2-proposal.png");

            click("dryrun-button");
            wait.withTimeout(Duration.ofSeconds(240)).until(d -> text("gate-message").contains("可以发布"));
            String impact = text("impact-report");
            // By hand (as ProposalApiTest, with its 东区 household in 仁和区 here), rural 440 → 470 on 2026-01-01:
            // 000001 (2 people, 3,600 a year) 440 × 2 − 300 = 580 → 640; 000002 (3 people, no income) 1,320 → 1,410;
            // 000004 (1 person, 5,400) is not below 440 × 12 = 5,280 but is below 470 × 12 = 5,640: 0 → 20, newly
            // covered; 000003 is urban (630 − 100 = 530) and does not change. 3 households change, 2,430 → 2,600 a
            // month, 29,160 → 31,200 a year; three rise by more than 5% (+10.3%, +6.8%, from nothing), one unchanged.
            assertThat(impact).contains("待遇有变化户数 3", "新纳入救助（户 / 人） 1 / 1", "2,430.00 → 2,600.00（+170.00）",
                    "29,160.00 → 31,200.00（+2,040.00）", "仁和区 2 2 0 0 1,900.00 2,050.00 +150.00 +1,800.00",
                    "米易县 1 1 1 0 0.00 20.00 +20.00 +240.00",
                    "西区 1 0 0 0 530.00 530.00 0.00 0.00", "增加超过5% 3", "不变 1", "低保兜底 按月 3 → 4 1 0");
            assertThat(driver.findElements(By.cssSelector("#impact-report svg.chart"))).hasSize(4);
            assertThat(driver.findElements(By.cssSelector("#impact-report svg rect"))).isNotEmpty();
            Axe.assertClean(driver, "policy page: the dry run's impact");
            scrollTo("dryrun-panel");
            shot("policy-3-dry-run.png");

            click("publish-button");
            wait.withTimeout(Duration.ofSeconds(240)).until(d -> text("publish-status").contains("已发布"));
            wait.until(d -> !text("ruleset-version").equals(serving));
            wait.until(d -> text("proposals-table").contains("已发布"));
            assertThat(text("proposals-table")).contains("已发布", "policy", "470", "2026-01-01");
            wait.until(d -> text("last-reload").contains("已启用"));
            assertThat(COPY.read("parameters/dibao.yaml")).contains("value: 470");
            scrollTo("dryrun-panel");
            shot("policy-4-published.png");

            // The re-evaluation date is the new value's from-date.
            assertThat(driver.findElement(By.id("r-asof")).getDomProperty("value")).isEqualTo("2026-01-01");
            click("reeval-button");
            wait.withTimeout(Duration.ofSeconds(240)).until(d -> text("reeval-status").contains("已完成"));
            wait.until(d -> driver.findElements(By.cssSelector("#worklist-table tbody tr")).size() == 3);
            wait.until(d -> text("reeval-impact").contains("待遇有变化户数 3"));
            assertThat(text("reeval-status")).contains("已核定 4 / 4 户", "有变化 3 户");
            assertThat(text("reeval-impact")).contains("2,430.00 → 2,600.00（+170.00）", "增加超过5% 3");
            Axe.assertClean(driver, "policy page: the re-evaluation done");
            scrollTo("reeval-panel");
            shot("policy-5-reevaluation.png");
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
            shot("policy-6-worklist.png");
            String run = (String) ((JavascriptExecutor) driver).executeScript(
                    "return document.querySelector('#runs-table tbody tr td').textContent;");
            assertThat(driver.findElement(By.id("worklist-page")).getDomAttribute("href"))
                    .isEqualTo("worklist.html?run=" + run);

            // A batch job of a caseload file: its progress and its downloads.
            Path caseload = COPY.root.resolve("caseload.jsonl");
            String one = tools.jackson.databind.json.JsonMapper.shared().readTree(Http.example()).toString();
            Files.writeString(caseload, one + "\n" + one.replace("\"householdId\":\"", "\"householdId\":\"B-") + "\n");
            driver.findElement(By.id("b-file")).sendKeys(caseload.toAbsolutePath().toString());
            setDate("b-asof", "2021-12-01");
            setDate("b-baseline", "2021-11-30");
            click("batch-button");
            wait.withTimeout(Duration.ofSeconds(120)).until(d -> text("batches-table").contains("已完成"));
            assertThat(text("batches-table")).contains("caseload.jsonl", "2021-12-01", "2 户", "核定结果", "错误清单",
                    "差异", "影响报告");
            Axe.assertClean(driver, "policy page: a batch job done");
            scrollTo("batches-panel");
            shot("policy-7-batches.png");

            // A caseworker: the policy page is not theirs; the worklist page is. They confirm two items and print.
            driver.manage().deleteAllCookies();
            driver.get(base + "/worklist.html?run=" + run);
            CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
            driver.get(base + "/policy.html");
            assertThat(driver.getPageSource()).doesNotContain("提出参数新取值");
            driver.get(base + "/worklist.html?run=" + run);
            wait.until(d -> d.findElements(By.cssSelector("#items-table tbody tr")).size() == 3);
            assertThat(text("run-summary")).contains("第 " + run + " 批", "2026-01-01", "有变化 3 户");
            String row4 = driver.findElement(By.cssSelector("#items-table tr[data-household='510411-2026-000004']"))
                    .getText();
            // The reason in words: the parameter that changed, with the document that sets the new value.
            assertThat(row4).contains("测试庚", "米易县 大田镇 大田村", "新增", "0.00 → 20.00", "农村低保标准",
                    "攀枝花市民政局 2025 年第 3 号通知", "待确认");
            Axe.assertClean(driver, "worklist page");
            shot("worklist-1-proposed.png");
            for (String id : List.of("510411-2026-000004", "510411-2026-000001", "510411-2026-000002")) {
                driver.findElement(By.cssSelector("button.confirm-button[data-household='" + id + "']")).click();
                wait.until(d -> !d.findElements(By.cssSelector("tr[data-household='" + id + "'] a.notice-link")).isEmpty());
                assertThat(driver.switchTo().activeElement().getText()).isEqualTo("打印告知书");
                assertThat(text("list-status")).contains("已确认家庭 " + id);
            }
            wait.until(d -> text("townships-table").contains("打印仁和区大田镇已确认的 2 户告知书")
                    && text("townships-table").contains("打印米易县大田镇已确认的 1 户告知书"));
            assertThat(driver.findElement(By.cssSelector("tr[data-household='510411-2026-000004']")).getText())
                    .contains("已确认（caseworker");
            Axe.assertClean(driver, "worklist page: three confirmed");
            shot("worklist-2-confirmed.png");
            String single = driver.findElement(By.cssSelector("tr[data-household='510411-2026-000004'] a.notice-link"))
                    .getDomProperty("href");
            String bulk = driver.findElement(By.cssSelector("a.bulk-link[data-county='仁和区'][data-township='大田镇']"))
                    .getDomProperty("href");

            // The notice of one household: styled as printed (its own A4 style applies), one page.
            driver.get(single);
            WebElement h1 = driver.findElement(By.tagName("h1"));
            assertThat(h1.getText()).isEqualTo("社会救助待遇调整告知书");
            assertThat(h1.getCssValue("text-align")).isEqualTo("center");
            String notice = driver.findElement(By.tagName("body")).getText();
            assertThat(notice).contains("测试庚", "510411-2026-000004", "2026年1月1日起调整", "低保兜底", "20.00 元/月",
                    "农村低保标准", "470", "攀枝花市民政局 2025 年第 3 号通知", "申请复核", "六十日内", "行政复议", "六个月内",
                    "行政诉讼");
            Axe.assertClean(driver, "adjustment notice");
            shot("notice-adjustment.png");
            try (PDDocument pdf = print()) {
                assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            }

            // The township's bulk print: one page per confirmed household of 仁和区大田镇, not 米易县's 大田镇; the
            // name alone is ambiguous and refused.
            assertThat(new Http(port).get("/api/v1/reevaluations/" + run + "/notices?township="
                    + java.net.URLEncoder.encode("大田镇", java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(400);
            driver.get(bulk);
            assertThat(driver.findElements(By.cssSelector("section.page"))).hasSize(2);
            Axe.assertClean(driver, "bulk notices");
            try (PDDocument pdf = print()) {
                assertThat(pdf.getNumberOfPages()).isEqualTo(2);
                String printed = new PDFTextStripper().getText(pdf);
                assertThat(printed).contains("510411-2026-000001", "510411-2026-000002")
                        .doesNotContain("510411-2026-000004");
                PDFTextStripper page2 = new PDFTextStripper();
                page2.setStartPage(2);
                page2.setEndPage(2);
                assertThat(page2.getText(pdf)).contains("510411-2026-000002").doesNotContain("510411-2026-000001");
            }
        }
    }
}
