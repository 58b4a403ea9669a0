package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The caseworker page in a real browser against the real service and rules. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"rules.dir=../rules", "cases.dir=../test-cases", "reload.watch=false"})
class CaseworkerPageBrowserTest {

    static final Path SHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    static Browser browser;

    @LocalServerPort
    int port;

    WebDriver driver;
    WebDriverWait wait;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openPage() {
        driver = browser.driver;
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        driver.get("http://localhost:" + port + "/");
        signInIfAsked(driver, wait, Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        wait.until(d -> d.findElement(By.id("ruleset-version")).getText().contains("条规则"));
    }

    /** The browser keeps its session between tests: the form appears only the first time. */
    static void signInIfAsked(WebDriver driver, WebDriverWait wait, String user, String password) {
        if (!driver.getCurrentUrl().contains("/login")) {
            return;
        }
        assertThat(driver.findElement(By.tagName("h2")).getText()).isEqualTo("登录");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
    }

    // ---------- driving the form by contract path ----------

    WebElement at(String path) {
        return driver.findElement(By.cssSelector("[data-path=\"" + path + "\"]"));
    }

    void type(String path, String text) {
        WebElement el = at(path);
        el.clear();
        el.sendKeys(text);
    }

    /** A select by its value; a list field (input with a datalist) by typing the code, which it takes as well. */
    void choose(String path, String value) {
        WebElement el = at(path);
        if (el.getTagName().equals("input")) {
            el.clear();
            el.sendKeys(value);
            el.sendKeys(org.openqa.selenium.Keys.TAB);
        } else {
            new Select(el).selectByValue(value);
        }
    }

    void tick(String path) {
        WebElement el = at(path);
        if (!el.isSelected()) {
            click(el);
        }
    }

    void click(WebElement el) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", el);
        el.click();
    }

    void click(String id) {
        click(driver.findElement(By.id(id)));
    }

    String errorBeside(String path) {
        return driver.findElement(By.cssSelector("[data-error-for=\"" + path + "\"]")).getText();
    }

    /** The trial calculation: these households are not registered (RegisterPageBrowserTest records them). */
    void submit() {
        click("trial");
    }

    void waitForResult() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
    }

    String amount(String code, String member) {
        return driver.findElement(By.cssSelector("#entitlements tr[data-code=\"" + code + "\"][data-member=\"" + member
                + "\"] td.amount")).getDomAttribute("data-amount");
    }

    void assertExampleAmountsShown() {
        assertThat(amount("DIBAO_FALLBACK", "")).isEqualTo("930.00");
        assertThat(amount("DIBAO_CLASSIFIED_SUPPLEMENT", "m1")).isEqualTo("82.00");
        assertThat(amount("DIBAO_CLASSIFIED_SUPPLEMENT", "m2")).isEqualTo("123.00");
        assertThat(amount("DIBAO_CLASSIFIED_SUPPLEMENT", "m3")).isEqualTo("41.00");
        assertThat(amount("DISABILITY_LIVING_SUBSIDY", "m1")).isEqualTo("90.00");
        assertThat(amount("SEVERE_DISABILITY_NURSING_SUBSIDY", "m1")).isEqualTo("50.00");
        assertThat(amount("MEDICAL_ASSISTANCE", "m1")).isEqualTo("2520.00");
        assertThat(amount("PENSION_CONTRIBUTION", "m2")).isEqualTo("100.00");
        assertThat(amount("EDUCATION_AID", "m3")).isEqualTo("1000.00");
        assertThat(driver.findElements(By.cssSelector("#entitlements tbody tr"))).hasSize(9);
        assertThat(driver.findElement(By.id("total-monthly")).getDomAttribute("data-amount")).isEqualTo("1316.00");
        assertThat(driver.findElement(By.id("total-annual")).getDomAttribute("data-amount")).isEqualTo("1100.00");
        assertThat(driver.findElement(By.id("total-oneoff")).getDomAttribute("data-amount")).isEqualTo("2520.00");
        assertThat(driver.findElements(By.cssSelector("#advisories li[data-code=PENSION_ENROL][data-member=m2]")))
                .hasSize(1);
    }

    /** The example household of shared/spec, entered as a caseworker would, one field after another. */
    void enterExampleHousehold() {
        type("asOf", "2019-10-01");
        type("householdId", "510411-2019-000123");
        choose("county", "仁和区");
        choose("residence", "RURAL");
        choose("povertyStatus", "REGISTERED");
        choose("housingSafety", "B");
        choose("safeDrinkingWater", "true");

        click("add-income");
        choose("incomes[0].type", "AGRICULTURE");
        type("incomes[0].annualAmount", "3600.00");
        click("add-income");
        choose("incomes[1].type", "DISABILITY_SUBSIDY");
        type("incomes[1].annualAmount", "960.00");

        type("members[0].memberId", "m1");
        type("members[0].birthDate", "1958-03-14");
        choose("members[0].relation", "HEAD");
        choose("members[0].laborCapacity", "PARTIAL");
        choose("members[0].disability.certificate", "SECOND_GEN");
        choose("members[0].disability.grade", "2");
        choose("members[0].disability.category", "PHYSICAL");
        tick("members[0].disability.needsLongTermCare");
        tick("members[0].chronicIllness");
        tick("members[0].residentPensionEnrolled");
        tick("members[0].receivesBasicPension");
        click("add-medical-0");
        type("members[0].medicalCosts[0].date", "2019-06-02");
        choose("members[0].medicalCosts[0].kind", "INPATIENT");
        tick("members[0].medicalCosts[0].inCounty");
        type("members[0].medicalCosts[0].total", "12000.00");
        type("members[0].medicalCosts[0].basicInsurance", "8400.00");
        type("members[0].medicalCosts[0].seriousIllnessInsurance", "0.00");
        type("members[0].medicalCosts[0].otherReimbursement", "0.00");

        click("add-member");
        type("members[1].memberId", "m2");
        type("members[1].birthDate", "1985-11-30");
        choose("members[1].relation", "CHILD");
        choose("members[1].laborCapacity", "NONE");
        tick("members[1].seriousIllness");

        click("add-member");
        type("members[2].memberId", "m3");
        type("members[2].birthDate", "2009-09-01");
        choose("members[2].relation", "GRANDCHILD");
        choose("members[2].student", "PRIMARY");
        tick("members[2].boarding");
    }

    // ---------- tests ----------

    @Test
    void exampleHouseholdEnteredFieldByFieldShowsTheAmountsOfTheCli() throws IOException {
        enterExampleHousehold();
        submit();
        waitForResult();
        assertExampleAmountsShown();

        WebElement fallback = driver.findElement(By.cssSelector("#entitlements tr[data-code=DIBAO_FALLBACK]"));
        assertThat(fallback.findElement(By.cssSelector("td.clause")).getText()).isEqualTo("2.1.7.1");
        assertThat(fallback.getText()).contains("低保兜底", "按月", "930.00 元");
        assertThat(fallback.findElement(By.cssSelector("td.explanation")).getText()).contains("410");
        assertThat(driver.findElement(By.id("not-granted")).getText()).isNotBlank();
        assertThat(driver.findElement(By.id("result-asof")).getText()).isEqualTo("2019-10-01");

        Files.createDirectories(SHOTS);
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve("caseworker-page.png"), png);
        assertThat(png.length).isGreaterThan(10_000);
    }

    @Test
    void aTrialCalculationSaysSoAndCannotBePrinted() {
        enterExampleHousehold();
        submit();
        waitForResult();
        assertThat(driver.findElement(By.id("result-kind")).getText()).contains("试算", "不能据此打印");
        assertThat(driver.findElement(By.id("record-actions")).isDisplayed()).isFalse();
        Axe.assertClean(driver, "a trial calculation");
    }

    @Test
    void aBadValueTheServerRefusesIsShownBesideItsField() {
        enterExampleHousehold();
        // Both pass the page's own checks; only the engine, knowing asOf, refuses them.
        type("members[0].medicalCosts[0].date", "2019-12-01");
        choose("members[1].laborCapacity", "");
        submit();

        wait.until(d -> !errorBeside("members[0].medicalCosts[0].date").isEmpty());
        assertThat(errorBeside("members[0].medicalCosts[0].date")).contains("核定日期");
        assertThat(errorBeside("members[1].laborCapacity")).contains("劳动能力");
        // Beside the field: the message is inside the same field box as the input.
        WebElement box = driver.findElement(By.cssSelector("[data-field=\"members[1].laborCapacity\"]"));
        assertThat(box.findElement(By.tagName("select")).getDomAttribute("data-path")).isEqualTo("members[1].laborCapacity");
        assertThat(box.getDomAttribute("class")).contains("has-error");
        // A screen reader hears it with the field: aria-invalid, and described by the message.
        WebElement select = at("members[1].laborCapacity");
        assertThat(select.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id(select.getDomAttribute("aria-describedby"))).getText()).contains("劳动能力");
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("error-summary");
        assertThat(driver.findElement(By.id("error-summary")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.cssSelector("#error-list li"))).hasSize(2);
        assertThat(driver.findElement(By.id("result")).isDisplayed()).isFalse();

        Axe.assertClean(driver, "errors from the server beside their fields");

        // Fixing the field clears its message.
        choose("members[1].laborCapacity", "NONE");
        assertThat(errorBeside("members[1].laborCapacity")).isEmpty();
        assertThat(at("members[1].laborCapacity").getDomAttribute("aria-invalid")).isNull();
    }

    @Test
    void thePageChecksWhileTyping() {
        click("add-income");
        type("incomes[0].annualAmount", "-5");
        assertThat(errorBeside("incomes[0].annualAmount")).contains("不能为负数");
        type("incomes[0].annualAmount", "12.345");
        assertThat(errorBeside("incomes[0].annualAmount")).contains("两位小数");
        type("incomes[0].annualAmount", "1200.50");
        assertThat(errorBeside("incomes[0].annualAmount")).isEmpty();

        type("members[0].birthDate", "1990-02-30");
        assertThat(errorBeside("members[0].birthDate")).contains("YYYY-MM-DD");
        type("members[0].memberId", "");
        assertThat(errorBeside("members[0].memberId")).contains("必填");

        choose("members[0].disability.certificate", "SECOND_GEN");
        submit();
        assertThat(driver.findElement(By.id("submit-message")).getText()).contains("填写有误");
        assertThat(errorBeside("members[0].disability.grade")).contains("必填");
        assertThat(errorBeside("householdId")).contains("必填");
        assertThat(driver.findElement(By.id("result")).isDisplayed()).isFalse();
    }

    @Test
    void membersAndItemsCanBeAddedAndRemoved() {
        click("add-member");
        click("add-member");
        type("members[2].memberId", "third");
        click("remove-member-1");
        assertThat(driver.findElements(By.cssSelector("fieldset.member"))).hasSize(2);
        assertThat(at("members[1].memberId").getDomProperty("value")).isEqualTo("third");
        click("add-medical-1");
        click("add-medical-1");
        assertThat(driver.findElements(By.cssSelector("[data-path^=\"members[1].medicalCosts[\"][data-path$=\".total\"]")))
                .hasSize(2);
        click("remove-medical-1-0");
        assertThat(driver.findElements(By.cssSelector("[data-path^=\"members[1].medicalCosts[\"][data-path$=\".total\"]")))
                .hasSize(1);
        click("add-income");
        click("remove-income-0");
        assertThat(driver.findElements(By.cssSelector("[data-path^=\"incomes[\"]"))).isEmpty();
        click("hardship-toggle");
        assertThat(at("hardship.uncoveredExpense").isDisplayed()).isTrue();
    }

    @Test
    void aHouseholdLoadedFromAFileIsDeterminedAndSavedBackTheSame() throws Exception {
        driver.findElement(By.id("load-file")).sendKeys(Http.EXAMPLE.toAbsolutePath().normalize().toString());
        wait.until(d -> d.findElement(By.id("file-message")).getText().contains("已载入"));
        assertThat(at("members[2].memberId").getDomProperty("value")).isEqualTo("m3");
        assertThat(at("incomes[0].annualAmount").getDomProperty("value")).isEqualTo("3600");
        type("asOf", "2019-10-01");
        submit();
        waitForResult();
        assertExampleAmountsShown();

        click("save-json");
        Path saved = browser.downloads.resolve("household-510411-2019-000123.json");
        wait.until(d -> Files.exists(saved) && sizeOf(saved) > 0);
        JsonNode savedJson = Json.MAPPER.readTree(Files.readString(saved, StandardCharsets.UTF_8));
        JsonNode example = Json.MAPPER.readTree(Http.example());
        // Saved as the contract: same household, every member and amount, no page-only fields.
        assertThat(savedJson.get("householdId")).isEqualTo(example.get("householdId"));
        assertThat(savedJson.get("members")).hasSize(3);
        assertThat(savedJson.has("asOf")).isFalse();
        Http.Response again = new Http(port).postJson("/api/v1/determinations?asOf=2019-10-01", savedJson.toString());
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        DeterminationApiTest.assertExampleAmounts(again.json());
        List<String> memberIds = savedJson.get("members").valueStream().map(m -> m.get("memberId").stringValue()).toList();
        assertThat(memberIds).containsExactly("m1", "m2", "m3");
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void signingInWithAWrongPasswordSaysSoInChineseAndTheRightOneOpensThePage() {
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/");
        wait.until(d -> d.getCurrentUrl().contains("/login"));
        driver.findElement(By.id("username")).sendKeys(Http.CASEWORKER);
        driver.findElement(By.id("password")).sendKeys("wrong-pass");
        driver.findElement(By.id("login-submit")).click();
        wait.until(d -> !d.findElements(By.id("login-error")).isEmpty());
        assertThat(driver.findElement(By.id("login-error")).getText()).contains("用户名或密码不正确");
        signInIfAsked(driver, wait, Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        wait.until(d -> d.findElement(By.id("ruleset-version")).getText().contains("条规则"));
        assertThat(driver.findElement(By.id("reload-banner")).isDisplayed()).isFalse();
    }
}
