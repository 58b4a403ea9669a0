package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The caseworker page on the case register, in Chromium against the real service: find a household, open it,
 * determine, edit (the result goes stale and cannot be printed), determine again, print the notice (one A4 page with
 * the head's name and address), open the history and replay; a version conflict; a whole household entered, saved,
 * determined and printed by keyboard alone; focus kept by every control that redraws the form; errors tied to their
 * fields. axe-core checks each state on the way, and the sign-in page, every rules book page and the notice.
 *
 * <p>Headless Chromium never closes the print dialog that {@code window.print()} opens (every later print then fails
 * with "Page is already being printed"), so the tests stand in for the dialog: they count the page's calls to it and
 * print with the driver, which lays the page out for print media as the dialog's "save as PDF" does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"rules.dir=../rules",
        "cases.dir=../test-cases", "reload.watch=false", "register.dir=target/register-page-${random.uuid}"})
class RegisterPageBrowserTest {

    static final Path SHOTS = CaseworkerPageBrowserTest.SHOTS;
    static final String HEAD = "测试户主甲";
    static final Dimension TALL = new Dimension(1280, 2200);

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
        driver.manage().window().setSize(TALL);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://localhost:" + port + "/");
        CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.CASEWORKER, Http.CASEWORKER_PASSWORD);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        wait.until(d -> d.findElement(By.id("ruleset-version")).getText().contains("条规则"));
        js("window.__prints = 0; window.print = () => { window.__prints++; };");
    }

    // ---------- helpers ----------

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    ObjectNode register(String householdId, String seqPrefix) {
        ObjectNode h = PageHouseholds.household(householdId, seqPrefix, HEAD, "测试成员乙", "测试成员丙");
        Http.Response r = new Http(port).postJson("/api/v1/households", h.toString());
        assertThat(r.status()).as(Pii.mask(r.body())).isEqualTo(201);
        return h;
    }

    WebElement at(String path) {
        return driver.findElement(By.cssSelector("[data-path=\"" + path + "\"]"));
    }

    String valueAt(String path) {
        return at(path).getDomProperty("value");
    }

    void type(String path, String text) {
        WebElement el = at(path);
        el.clear();
        el.sendKeys(text);
    }

    void click(String id) {
        WebElement el = driver.findElement(By.id(id));
        js("arguments[0].scrollIntoView({block: 'center'});", el);
        el.click();
    }

    void shot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    String amount(String code, String member) {
        return driver.findElement(By.cssSelector("#entitlements tr[data-code=\"" + code + "\"][data-member=\"" + member
                + "\"] td.amount")).getDomAttribute("data-amount");
    }

    String textOf(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    void search(String q) {
        WebElement box = driver.findElement(By.id("search-q"));
        box.clear();
        box.sendKeys(q);
        click("search-submit");
        wait.until(d -> textOf("search-message").contains("找到"));
    }

    void determine() {
        String before = textOf("submit-message");
        click("submit");
        wait.until(d -> textOf("submit-message").contains("已留存为核定记录") && !textOf("submit-message").equals(before));
    }

    long prints() {
        return ((Number) js("return window.__prints;")).longValue();
    }

    /** Prints the page as the print dialog would, on A4; the PDF is kept beside the screenshots. */
    byte[] printToPdf(String file) throws IOException {
        PrintOptions a4 = new PrintOptions();
        a4.setPageSize(new PageSize(29.7, 21.0));
        a4.setBackground(true);
        byte[] pdf = Base64.getDecoder().decode(browser.driver.print(a4).getContent());
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(file), pdf);
        return pdf;
    }

    /** The printed notice: one page, the head's name, the address, the record number and the appeal rights. */
    void assertOnePageNotice(byte[] pdf, String head, String address, String record) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).as("the notice prints on one A4 page").isEqualTo(1);
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            Pii.assertContains("the printed notice", text, head, address, "核定记录编号：" + record, "行政复议",
                    "行政诉讼");
            Pii.assertNotContains("the printed notice (only the notice is printed)", text, "查找家庭");
        }
    }

    // ---------- keyboard ----------

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** A key with a modifier held (Actions.sendKeys would press and release the modifier first). */
    void chord(Keys modifier, CharSequence key) {
        new Actions(driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
    }

    /** Selects what the focused field holds (Ctrl+A), so what is typed next replaces it. */
    void replaceWith(CharSequence... keys) {
        chord(Keys.CONTROL, "a");
        press(keys);
    }

    /** The focused element by its contract path, else its id. */
    String focused() {
        return (String) js("const e = document.activeElement;"
                + " return e ? (e.dataset && e.dataset.path) || e.id || e.tagName : '';");
    }

    /**
     * What is wrong with the focus now, or "": on the body (dropped), out of view or under the sticky submit bar
     * (WCAG 2.2 SC 2.4.11), no outline, or an outline under 3:1 against what is behind it (SC 1.4.11).
     */
    static final String FOCUS_PROBLEM = """
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) return 'focus dropped to the page body';
            const name = (el.dataset && el.dataset.path) || el.id || el.tagName;
            const drawn = el.getBoundingClientRect().width === 0 && el.closest('label') ? el.closest('label') : el;
            const r = drawn.getBoundingClientRect();
            const bar = document.getElementById('submit-bar');
            const under = bar && !bar.contains(el) ? bar.getBoundingClientRect() : null;
            const room = window.innerHeight - (under ? under.height : 0);
            if (r.height <= room) {
              if (r.top < 0 || r.bottom > window.innerHeight) return name + ' is focused out of view';
              if (under && r.bottom > under.top && r.top < under.bottom) return name + ' is under the sticky submit bar';
            } else if (r.bottom <= 0 || r.top >= window.innerHeight) {
              return name + ' is focused out of view';
            }
            const style = getComputedStyle(drawn);
            if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return name + ' shows no focus outline';
            const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
            const lum = c => { const [R, G, B] = c.slice(0, 3).map(v => { v /= 255;
              return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * R + 0.7152 * G + 0.0722 * B; };
            let p = drawn.parentElement, bg = [255, 255, 255, 1];
            while (p) { const c = rgb(getComputedStyle(p).backgroundColor); if (c.length && (c.length < 4 || c[3] > 0.5)) { bg = c; break; } p = p.parentElement; }
            const ring = rgb(style.outlineColor);
            const l1 = lum(ring), l2 = lum(bg);
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            return ratio < 3 ? name + ' has a focus outline of ' + ratio.toFixed(2) + ':1 against its background' : '';
            """;

    void assertFocusUsable() {
        String problem = (String) js(FOCUS_PROBLEM);
        assertThat(problem).as("focus after a key").isEmpty();
    }

    /** Presses Tab until target (a contract path or an id) has focus, checking the focus at every stop. */
    void tabTo(String target) {
        moveTo(target, false);
    }

    void shiftTabTo(String target) {
        moveTo(target, true);
    }

    private void moveTo(String target, boolean back) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            if (target.equals(focused())) {
                return;
            }
            if (back) {
                chord(Keys.SHIFT, Keys.TAB);
            } else {
                press(Keys.TAB);
            }
            assertFocusUsable();
            seen.add(focused());
        }
        throw new AssertionError("Tab never reached " + target + "; it went " + String.join(" → ", seen));
    }

    /** Into a text field by Tab, what it holds replaced by what is typed. */
    void typeAt(String path, String text) {
        tabTo(path);
        replaceWith(text);
    }

    /**
     * A list field (a select, or a text field with a list) picked by typing: a select takes what its entries start
     * with; a text field takes a unique part of an entry as the caseworker leaves it (Tab, then back by Shift+Tab).
     * The code the page holds for the field is checked.
     */
    void pick(String path, String typed, String expectedCode) {
        tabTo(path);
        if (at(path).getTagName().equals("input")) {
            replaceWith(typed, Keys.TAB);
            shiftTabTo(path);
        } else {
            press(typed);
        }
        assertThat(js("return getAt(arguments[0]);", path)).as("typing %s into %s", typed, path).isEqualTo(expectedCode);
        assertThat(driver.findElement(By.cssSelector("[data-error-for=\"" + path + "\"]")).getText())
                .as("typing %s into %s", typed, path).isEmpty();
    }

    void tick(String path) {
        tabTo(path);
        press(Keys.SPACE);
        assertThat(at(path).isSelected()).as(path).isTrue();
    }

    void activate(String id) {
        tabTo(id);
        press(Keys.ENTER);
    }

    // ---------- tests ----------

    @Test
    void searchOpenDetermineEditStaleDetermineAgainPrintHistoryReplay() throws Exception {
        Axe.assertClean(driver, "the empty page");
        ObjectNode h = register("510411-2099-000701", "70");
        String headId = h.get("members").get(0).get("idNumber").stringValue();

        // Found by the last 4 digits of the head's number; the list shows numbers masked, never whole.
        search(headId.substring(14));
        WebElement row = driver.findElement(By.cssSelector("#search-table tr[data-household=\"510411-2099-000701\"]"));
        Pii.assertContains("the search hit", row.getText(), HEAD, "大田镇", "试验村",
                headId.substring(0, 6) + "********" + headId.substring(14));
        Pii.assertNotContains("the page after a search", driver.findElement(By.tagName("body")).getText(), headId);
        Axe.assertClean(driver, "search results");
        shot("register-search.png");

        click("open-510411-2099-000701");
        wait.until(d -> textOf("case-heading").contains("510411-2099-000701"));
        assertThat(focused()).isEqualTo("case-heading");
        Pii.assertEquals("the head's name", valueAt("members[0].name"), HEAD);
        assertThat(valueAt("address.village")).isEqualTo("试验村");
        assertThat(valueAt("members[0].relation")).isEqualTo("户主");
        assertThat(textOf("case-meta")).contains("第 1 版");
        Axe.assertClean(driver, "a household open");
        shot("household-open.png");

        type("asOf", "2019-10-01");
        determine();
        // The example's amounts, worked out by hand from POLICY.md (see CaseworkerPageBrowserTest).
        assertThat(amount("DIBAO_FALLBACK", "")).isEqualTo("930.00");
        assertThat(amount("MEDICAL_ASSISTANCE", "m1")).isEqualTo("2520.00");
        assertThat(driver.findElement(By.id("total-monthly")).getDomAttribute("data-amount")).isEqualTo("1316.00");
        Pii.assertContains("the head's supplement row", driver.findElement(
                By.cssSelector("#entitlements tr[data-code=DIBAO_CLASSIFIED_SUPPLEMENT][data-member=m1]")).getText(), HEAD);
        String firstRecord = textOf("result-record");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isTrue();
        assertThat(driver.findElement(By.id("stale-warning")).isDisplayed()).isFalse();
        assertThat(focused()).isEqualTo("result-heading");
        Axe.assertClean(driver, "a result shown");

        // An edit after the determination: the result is stale, said so, and cannot be printed.
        type("incomes[0].annualAmount", "4800.00");
        WebElement warning = driver.findElement(By.id("stale-warning"));
        assertThat(warning.isDisplayed()).isTrue();
        assertThat(warning.getDomAttribute("role")).isEqualTo("alert");
        assertThat(warning.getText()).contains("已过期");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("open-notice")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("result")).getDomAttribute("data-stale")).isEqualTo("true");
        Axe.assertClean(driver, "a stale result");
        js("document.getElementById('result').scrollIntoView({block: 'start'});");
        shot("stale-guard.png");
        // Putting the value back makes it the facts of the result again; any other field makes it stale too.
        type("incomes[0].annualAmount", "3600");
        assertThat(driver.findElement(By.id("stale-warning")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isTrue();
        type("phone", "13900000001");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).as("stale after a phone edit").isFalse();
        type("phone", "13900000000");
        type("asOf", "2019-10-02");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).as("stale after a date edit").isFalse();
        type("asOf", "2019-10-01");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isTrue();
        type("incomes[0].annualAmount", "4800.00");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isFalse();
        assertThat(prints()).isZero();

        // Determined again: saved as version 2, a new record, printable.
        determine();
        String secondRecord = textOf("result-record");
        assertThat(secondRecord).isNotEqualTo(firstRecord);
        assertThat(textOf("result-facts-version")).isEqualTo("2");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isTrue();
        assertThat(driver.findElement(By.id("stale-warning")).isDisplayed()).isFalse();
        JsonNode saved = new Http(port).get("/api/v1/households/510411-2099-000701").json();
        assertThat(saved.get("version").intValue()).isEqualTo(2);
        assertThat(saved.get("household").get("incomes").get(0).get("annualAmount").decimalValue())
                .isEqualByComparingTo("4800");

        click("print-notice");
        wait.until(d -> secondRecord.equals(d.findElement(By.id("notice")).getDomAttribute("data-record")));
        wait.until(d -> prints() == 1);
        assertOnePageNotice(printToPdf("notice.pdf"), HEAD, "仁和区大田镇试验村七组8号", secondRecord);

        // History: newest first, the second record current.
        List<WebElement> rows = driver.findElements(By.cssSelector("#history-table tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getDomAttribute("data-record")).isEqualTo(secondRecord);
        assertThat(rows.get(0).getText()).contains("现行", "第 2 版");
        assertThat(rows.get(1).getDomAttribute("data-record")).isEqualTo(firstRecord);
        assertThat(rows.get(1).getText()).contains("已被取代", "第 1 版");

        // The first record opened again and replayed under its own ruleset: identical.
        click("history-open-" + firstRecord);
        wait.until(d -> textOf("result-record").equals(firstRecord));
        assertThat(focused()).isEqualTo("result-heading");
        assertThat(amount("DIBAO_FALLBACK", "")).isEqualTo("930.00");
        assertThat(textOf("result-kind")).contains("已被后来的核定取代");
        click("history-replay-" + firstRecord);
        wait.until(d -> !d.findElements(By.id("replay-verdict")).isEmpty());
        assertThat(driver.findElement(By.id("replay-verdict")).getDomAttribute("data-identical")).isEqualTo("true");
        assertThat(textOf("replay-verdict")).contains("完全一致", firstRecord);
        Axe.assertClean(driver, "history and a replay");

        // A past record printed from the history: the notice of what was decided then.
        click("history-print-" + firstRecord);
        wait.until(d -> firstRecord.equals(d.findElement(By.id("notice")).getDomAttribute("data-record")));
        wait.until(d -> prints() == 2);
        assertOnePageNotice(printToPdf("notice-first-record.pdf"), HEAD, "仁和区大田镇试验村七组8号", firstRecord);
        assertThat(textOf("result-kind")).contains("依据第 1 版家庭信息，当前为第 2 版");

        // The stale guard holds for a record opened from the history as well: with an unsaved edit in the form, the
        // current record shows stale at once and the history's print button prints nothing.
        type("phone", "13900000009");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isFalse();
        click("history-print-" + secondRecord);
        wait.until(d -> textOf("result-record").equals(secondRecord));
        assertThat(driver.findElement(By.id("stale-warning")).isDisplayed()).isTrue();
        assertThat(focused()).isEqualTo("stale-warning");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isFalse();
        assertThat(prints()).isEqualTo(2);
        type("phone", "13900000000");
        assertThat(driver.findElement(By.id("print-notice")).isEnabled()).isTrue();
        assertThat(driver.findElement(By.id("stale-warning")).isDisplayed()).isFalse();

        // The notice on its own (as "在新窗口打开告知书" shows it).
        driver.get("http://localhost:" + port + "/api/v1/households/510411-2099-000701/determinations/" + secondRecord
                + "/notice");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("告知书");
        Axe.assertClean(driver, "the notice");
        shot("notice.png");
    }

    @Test
    void aSaveOverANewerVersionShowsBothAndTheCaseworkerChooses() {
        ObjectNode h = register("510411-2099-000702", "71");
        search("510411-2099-000702");
        click("open-510411-2099-000702");
        wait.until(d -> textOf("case-heading").contains("510411-2099-000702"));
        type("phone", "13911112222");

        // Meanwhile someone else saves version 2 with another village.
        ObjectNode theirs = h.deepCopy();
        ((ObjectNode) theirs.get("address")).put("village", "新村");
        theirs.put("baseVersion", 1);
        Http.Response put = new Http(port).putJson("/api/v1/households/510411-2099-000702", theirs.toString());
        assertThat(put.status()).as(Pii.mask(put.body())).isEqualTo(200);

        click("save");
        wait.until(d -> d.findElement(By.id("conflict")).isDisplayed());
        assertThat(focused()).isEqualTo("conflict");
        WebElement table = driver.findElement(By.id("conflict-table"));
        assertThat(table.findElement(By.cssSelector("tr[data-path-diff=\"phone\"]")).getText())
                .contains("13911112222", "13900000000");
        assertThat(table.findElement(By.cssSelector("tr[data-path-diff=\"address.village\"]")).getText())
                .contains("试验村", "新村");
        assertThat(textOf("conflict-text")).contains("第 1 版", "第 2 版");
        Axe.assertClean(driver, "a 409 version conflict");

        // The caseworker keeps their own edit: saved as version 3 on top of version 2.
        click("conflict-keep-mine");
        wait.until(d -> textOf("submit-message").contains("第 3 版"));
        JsonNode saved = new Http(port).get("/api/v1/households/510411-2099-000702").json();
        assertThat(saved.get("version").intValue()).isEqualTo(3);
        assertThat(saved.get("household").get("phone").stringValue()).isEqualTo("13911112222");

        // Another conflict, and this time the caseworker takes the newer version.
        type("phone", "13933334444");
        ObjectNode again = (ObjectNode) saved.get("household").deepCopy();
        ((ObjectNode) again.get("address")).put("village", "又一村");
        again.put("baseVersion", 3);
        assertThat(new Http(port).putJson("/api/v1/households/510411-2099-000702", again.toString()).status())
                .isEqualTo(200);
        click("save");
        wait.until(d -> d.findElement(By.id("conflict")).isDisplayed());
        click("conflict-take-theirs");
        wait.until(d -> valueAt("address.village").equals("又一村"));
        assertThat(focused()).isEqualTo("case-heading");
        assertThat(valueAt("phone")).isEqualTo("13911112222");
        assertThat(textOf("case-meta")).contains("第 4 版");
        assertThat(driver.findElement(By.id("history")).isDisplayed()).isTrue();

        // Clearing the form leaves the household: nothing of it (its history) stays on screen.
        click("clear-form");
        assertThat(textOf("case-heading")).contains("新家庭");
        assertThat(valueAt("address.village")).isEmpty();
        assertThat(driver.findElement(By.id("history")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("conflict")).isDisplayed()).isFalse();
    }

    /**
     * A whole household (the spec's example: three members, two incomes, a disability and a hospital bill) entered
     * from the empty form without the mouse, saved, determined and its notice printed. At every key the focus is
     * checked: never on the body, never out of view or under the sticky submit bar (the window is short, so the bar
     * sits over the form), always with an outline of at least 3:1.
     */
    @Test
    void aWholeHouseholdIsEnteredSavedDeterminedAndPrintedByKeyboardAlone() throws Exception {
        driver.manage().window().setSize(new Dimension(1280, 800));
        js("window.scrollTo(0, 0);");
        String head = "键盘户主丁";
        String headId = PageHouseholds.idNumber("1958-03-14", "801");

        // The skip link comes first and takes the focus to the content.
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("skip-link");
        assertFocusUsable();
        press(Keys.ENTER);
        assertThat(focused()).isEqualTo("main");
        // The search box is the first field.
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("search-q");

        activate("new-household");
        assertThat(focused()).isEqualTo("householdId");
        press("510411-2099-000703");
        shiftTabTo("asOf");
        replaceWith("2019-10-01");
        pick("county", "仁和", "仁和区");
        assertThat(valueAt("county")).as("a unique part picks the entry").isEqualTo("仁和区");
        typeAt("address.township", "大田镇");
        typeAt("address.village", "键盘村");
        typeAt("address.detail", "三组 5 号");
        typeAt("phone", "13900000003");
        pick("residence", "农", "RURAL");
        pick("povertyStatus", "建", "REGISTERED");
        pick("housingSafety", "B", "B");
        pick("safeDrinkingWater", "安", "true");

        activate("add-income");
        assertThat(focused()).isEqualTo("incomes[0].type");
        pick("incomes[0].type", "农业", "AGRICULTURE");
        assertThat(valueAt("incomes[0].type")).isEqualTo("农业生产收入");
        typeAt("incomes[0].annualAmount", "3600.00");
        activate("add-income");
        assertThat(focused()).isEqualTo("incomes[1].type");
        pick("incomes[1].type", "残疾人", "DISABILITY_SUBSIDY");
        typeAt("incomes[1].annualAmount", "960.00");

        typeAt("members[0].name", head);
        typeAt("members[0].idNumber", headId);
        assertThat(valueAt("members[0].relation")).isEqualTo("户主");
        typeAt("members[0].birthDate", "1958-03-14");
        pick("members[0].laborCapacity", "部", "PARTIAL");
        pick("members[0].disability.certificate", "第二", "SECOND_GEN");
        assertThat(focused()).as("the form redrew for the certificate; the focus stayed")
                .isEqualTo("members[0].disability.certificate");
        pick("members[0].disability.grade", "二", "2");
        pick("members[0].disability.category", "肢", "PHYSICAL");
        tick("members[0].disability.needsLongTermCare");
        tick("members[0].chronicIllness");
        tick("members[0].residentPensionEnrolled");
        tick("members[0].receivesBasicPension");
        activate("add-medical-0");
        assertThat(focused()).isEqualTo("members[0].medicalCosts[0].date");
        press("2019-06-02");
        pick("members[0].medicalCosts[0].kind", "住", "INPATIENT");
        typeAt("members[0].medicalCosts[0].total", "12000.00");
        typeAt("members[0].medicalCosts[0].basicInsurance", "8400.00");
        assertThat(at("members[0].medicalCosts[0].inCounty").isSelected()).isTrue();

        activate("add-member");
        assertThat(focused()).isEqualTo("members[1].name");
        press("键盘成员戊");
        typeAt("members[1].idNumber", PageHouseholds.idNumber("1985-11-30", "802"));
        pick("members[1].relation", "子女", "CHILD");
        typeAt("members[1].birthDate", "1985-11-30");
        pick("members[1].laborCapacity", "无", "NONE");
        tick("members[1].seriousIllness");

        activate("add-member");
        assertThat(focused()).isEqualTo("members[2].name");
        press("键盘成员己");
        typeAt("members[2].idNumber", PageHouseholds.idNumber("2009-09-01", "813"));
        pick("members[2].relation", "孙", "GRANDCHILD");
        assertThat(valueAt("members[2].relation")).isEqualTo("孙子女");
        typeAt("members[2].birthDate", "2009-09-01");
        pick("members[2].student", "小", "PRIMARY");
        tick("members[2].boarding");

        // Saved: a new household, version 1.
        activate("save");
        wait.until(d -> textOf("submit-message").contains("已保存为第 1 版"));
        assertThat(textOf("case-heading")).contains("510411-2099-000703");
        JsonNode saved = new Http(port).get("/api/v1/households/510411-2099-000703").json();
        Pii.assertEquals("the saved head", saved.get("household").get("members").get(0).get("name").stringValue(), head);
        assertThat(saved.get("household").get("members")).hasSize(3);
        assertThat(saved.get("household").get("county").stringValue()).isEqualTo("仁和区");
        assertThat(saved.get("household").get("members").get(2).get("relation").stringValue()).isEqualTo("GRANDCHILD");

        // Determined: the example's amounts, worked out by hand (CaseworkerPageBrowserTest).
        assertThat(focused()).isEqualTo("save");
        shiftTabTo("submit");
        press(Keys.ENTER);
        wait.until(d -> textOf("submit-message").contains("已留存为核定记录"));
        assertThat(focused()).isEqualTo("result-heading");
        assertThat(amount("DIBAO_FALLBACK", "")).isEqualTo("930.00");
        assertThat(amount("DIBAO_CLASSIFIED_SUPPLEMENT", "m2")).isEqualTo("123.00");
        assertThat(amount("EDUCATION_AID", "m3")).isEqualTo("1000.00");
        assertThat(driver.findElement(By.id("total-monthly")).getDomAttribute("data-amount")).isEqualTo("1316.00");
        assertThat(driver.findElement(By.id("total-oneoff")).getDomAttribute("data-amount")).isEqualTo("2520.00");
        String record = textOf("result-record");

        // Printed by keyboard: one A4 page with the head's name and address.
        activate("print-notice");
        wait.until(d -> record.equals(d.findElement(By.id("notice")).getDomAttribute("data-record")));
        wait.until(d -> prints() == 1);
        assertOnePageNotice(printToPdf("notice-keyboard.pdf"), head, "仁和区大田镇键盘村三组5号", record);
        Axe.assertClean(driver, "a household entered by keyboard, determined and printed");
    }

    /**
     * Every control that redraws part of the form, worked by keyboard, leaves the focus on a control (where the new
     * content starts, or where it was), never on the page body.
     */
    @Test
    void everyControlThatRedrawsTheFormKeepsTheFocus() {
        driver.manage().window().setSize(new Dimension(1280, 800));
        click("new-household");
        assertThat(focused()).isEqualTo("householdId");

        tabTo("hardship-toggle");
        press(Keys.SPACE);
        assertThat(focused()).isEqualTo("hardship-toggle");
        assertThat(at("hardship.cause").isDisplayed()).isTrue();
        press(Keys.SPACE);
        assertThat(focused()).isEqualTo("hardship-toggle");
        assertThat(driver.findElements(By.cssSelector("[data-path=\"hardship.cause\"]"))).isEmpty();

        activate("add-income");
        assertThat(focused()).isEqualTo("incomes[0].type");
        activate("remove-income-0");
        assertThat(focused()).isEqualTo("add-income");
        assertFocusUsable();

        tabTo("members[0].disability.certificate");
        press("第二");
        assertThat(focused()).isEqualTo("members[0].disability.certificate");
        assertThat(at("members[0].disability.grade").getDomAttribute("aria-required")).isEqualTo("true");

        activate("add-medical-0");
        assertThat(focused()).isEqualTo("members[0].medicalCosts[0].date");
        activate("remove-medical-0-0");
        assertThat(focused()).isEqualTo("add-medical-0");
        assertFocusUsable();

        activate("add-member");
        assertThat(focused()).isEqualTo("members[1].name");
        shiftTabTo("remove-member-1");
        press(Keys.ENTER);
        assertThat(focused()).isEqualTo("members[0].name");
        assertThat(driver.findElements(By.cssSelector("fieldset.member"))).hasSize(1);
        assertFocusUsable();

        // Clearing the form keeps the focus on its button.
        shiftTabTo("clear-form");
        press(Keys.ENTER);
        assertThat(focused()).isEqualTo("clear-form");
    }

    /**
     * A refused save: the error summary is shown and focused; each field in error has aria-invalid and is described
     * by its message (and keeps its hint); a link in the summary takes the focus to the field; fixing it clears both.
     */
    @Test
    void errorsAreTiedToTheirFieldsAndTheSummaryTakesTheFocus() {
        click("new-household");
        type("county", "不存在的区");
        at("county").sendKeys(Keys.TAB);
        click("save");
        wait.until(d -> d.findElement(By.id("error-summary")).isDisplayed());
        assertThat(focused()).isEqualTo("error-summary");
        assertThat(textOf("submit-message")).contains("填写有误");

        WebElement id = at("householdId");
        assertThat(id.getDomAttribute("aria-invalid")).isEqualTo("true");
        String describedBy = id.getDomAttribute("aria-describedby");
        assertThat(describedBy).isNotBlank();
        assertThat(driver.findElement(By.id(describedBy)).getText()).contains("必填");
        WebElement county = at("county");
        assertThat(county.getDomAttribute("aria-invalid")).isEqualTo("true");
        Set<String> countyIds = new LinkedHashSet<>(List.of(county.getDomAttribute("aria-describedby").split(" ")));
        assertThat(countyIds).hasSize(2);
        List<String> countyTexts = countyIds.stream().map(x -> driver.findElement(By.id(x)).getText()).toList();
        assertThat(countyTexts).anyMatch(t -> t.contains("请从列表中选择")).anyMatch(t -> t.contains("输入文字可筛选"));
        // Fields that are fine say nothing.
        assertThat(at("asOf").getDomAttribute("aria-invalid")).isNull();
        Axe.assertClean(driver, "the error summary after a refused save");

        WebElement link = driver.findElement(By.cssSelector("#error-list li[data-error-path=\"householdId\"] a"));
        link.sendKeys(Keys.ENTER);
        assertThat(focused()).isEqualTo("householdId");
        id.sendKeys("510411-2099-000704");
        assertThat(id.getDomAttribute("aria-invalid")).isNull();
        assertThat(id.getDomAttribute("aria-describedby")).isNull();
        type("county", "米易");
        county.sendKeys(Keys.TAB);
        assertThat(valueAt("county")).isEqualTo("米易县");
        assertThat(county.getDomAttribute("aria-invalid")).isNull();
        assertThat(county.getDomAttribute("aria-describedby")).isEqualTo(idOf("county") + "-hint");
    }

    String idOf(String path) {
        return at(path).getDomAttribute("id");
    }

    @Test
    void theLoginPageAndEveryRulesBookPagePassAxe() {
        driver.get("http://localhost:" + port + "/rules/");
        wait.until(d -> !d.findElements(By.tagName("main")).isEmpty());
        Axe.assertClean(driver, "the rules book index");
        List<String> pages = new ArrayList<>();
        for (WebElement a : driver.findElements(By.cssSelector("nav a"))) {
            pages.add(a.getDomAttribute("href"));
        }
        pages.add(driver.findElement(By.cssSelector("main table a[href^=clause-]")).getDomAttribute("href"));
        assertThat(pages).contains("parameters.html", "codes.html");
        for (String page : pages) {
            driver.get("http://localhost:" + port + "/rules/" + page);
            assertThat(driver.findElements(By.tagName("main"))).as(page).hasSize(1);
            Axe.assertClean(driver, "the rules book page " + page);
        }

        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/login");
        Axe.assertClean(driver, "the sign-in page");
        // Signed in by keyboard: the name field has the focus, and every stop shows an outline of 3:1 or more.
        assertThat(focused()).isEqualTo("username");
        assertFocusUsable();
        tabTo("password");
        tabTo("login-submit");
        driver.get("http://localhost:" + port + "/login?error");
        Axe.assertClean(driver, "the sign-in page after a wrong password");
        driver.get("http://localhost:" + port + "/login?logout");
        Axe.assertClean(driver, "the sign-in page after signing out");
    }

    @Test
    void thePolicyLinkIsShownToPolicyStaffOnly() {
        assertThat(driver.findElement(By.id("policy-link-item")).isDisplayed()).isFalse();
        driver.manage().deleteAllCookies();
        driver.get("http://localhost:" + port + "/");
        CaseworkerPageBrowserTest.signInIfAsked(driver, wait, Http.POLICY, Http.POLICY_PASSWORD);
        wait.until(d -> d.findElement(By.id("policy-link-item")).isDisplayed());
        assertThat(driver.findElement(By.id("policy-link")).getDomAttribute("href")).isEqualTo("/policy.html");
        driver.manage().deleteAllCookies();
    }
}
