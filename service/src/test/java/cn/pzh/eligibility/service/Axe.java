package cn.pzh.eligibility.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (the webjar on the test classpath) run in the page as it stands: every rule that is not experimental,
 * best-practice rules included. The script is injected by the driver, so pages whose policy allows no script of
 * their own (the rules book, the notice) are checked as well.
 */
final class Axe {

    private static final String SCRIPT = load();

    private Axe() {
    }

    private static String load() {
        String path = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is missing from the test classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each violation as "rule-id (impact): help — selector: failure summary". */
    @SuppressWarnings("unchecked")
    static List<String> violations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(SCRIPT);
        }
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) }))))
                  .catch(e => done([{ id: 'axe-error', impact: 'error', help: String(e), nodes: [] }]));
                """);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            for (Object node : (List<Object>) v.get("nodes")) {
                out.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " — " + node);
            }
            if (((List<Object>) v.get("nodes")).isEmpty()) {
                out.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help"));
            }
        }
        return out;
    }

    /** Fails listing every violation found on the page in the state it is in. */
    static void assertClean(WebDriver driver, String state) {
        List<String> found = violations(driver);
        assertThat(found).as("axe-core on %s (%s):%n%s", state, driver.getCurrentUrl(), String.join("\n", found))
                .isEmpty();
    }
}
