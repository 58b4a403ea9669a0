package cn.pzh.eligibility.docs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.rules.RuleInfo;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules book is written from the real rules and names every clause and every rule. */
class RulesBookTest {

    private static final Path RULES = Path.of("../rules");

    @Test
    void theBookHasEveryClauseAndEveryRule(@TempDir Path out) throws IOException {
        // A small case folder keeps the test quick; the full folder is the coverage test's job.
        List<Path> pages = RulesBook.write(RULES, Path.of("../test-cases/coverage"), out);

        assertThat(out.resolve("index.html")).exists();
        StringBuilder all = new StringBuilder();
        for (Path p : pages) {
            all.append(Files.readString(p, StandardCharsets.UTF_8));
        }
        String index = Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8);
        Ruleset ruleset = Ruleset.load(RULES);
        Set<String> clauses = new TreeSet<>();
        for (RuleInfo r : ruleset.rules()) {
            clauses.add(r.clause());
            assertThat(all).as("rule %s", r.name()).contains(Html.esc(r.name()));
        }
        for (String c : clauses) {
            assertThat(index).as("clause %s in the index", c).contains(">" + c + "<");
            Path page = out.resolve(RulesBook.clausePage(c));
            assertThat(page).exists();
            // Every clause page quotes its source text from the rule files' comments.
            assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("<blockquote>");
        }
        String medical = Files.readString(out.resolve(RulesBook.clausePage("2.1.6.1")), StandardCharsets.UTF_8);
        assertThat(medical).contains("医疗救助比例").doesNotContain("http://").doesNotContain("https://");
        assertThat(medical).contains("medical-only-previous-year-costs-refused.yaml").contains("2019-10-01");
    }

    /** Each rule shows the sentences it says, slots marked; one page lists every template and who uses it. */
    @Test
    void eachRuleShowsItsWordingAndOnePageListsEveryTemplate(@TempDir Path out) throws IOException {
        RulesBook.write(RULES, null, out);
        Ruleset ruleset = Ruleset.load(RULES);

        String dibao = Files.readString(out.resolve(RulesBook.clausePage("2.1.7.1")), StandardCharsets.UTF_8);
        String rule = dibao.substring(dibao.indexOf("<h3 id=\"低保兜底：建档立卡户收入低于低保标准且无可就业成员\">"));
        rule = rule.substring(0, rule.indexOf("<h3", 4));
        // The rule's own sentence, the shared definition it fills in, and the optional tail, each with its line.
        assertThat(rule).contains("<code>dibao-fallback</code>（第 " + ruleset.wording().template("dibao-fallback").nameLine()
                + " 行）：<span class=\"slot\">{家庭}</span>；<span class=\"slot\">{收入}</span>，低于低保标准全年合计 ")
                .contains("<code>employable-conditions</code>").contains("<code>dibao-fallback-receives-dibao</code>");

        // A template used through a function the rule calls is shown with the rule.
        String classified = Files.readString(out.resolve(RulesBook.clausePage("2.1.7.3")), StandardCharsets.UTF_8);
        assertThat(classified).contains("<code>classified-category-rate</code>");

        String page = Files.readString(out.resolve("wording.html"), StandardCharsets.UTF_8);
        for (String id : ruleset.wording().templates().keySet()) {
            assertThat(page).as("template %s", id).contains("<code>" + id + "</code>");
        }
        assertThat(page).contains("系统：每项结果都用")
                .contains("<a href=\"" + RulesBook.clausePage("2.1.2") + "#就业帮扶：就业扶贫对象有可就业成员而无人就业\">")
                .doesNotContain(">无</td>");
        assertThat(Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8)).contains("<a href=\"wording.html\">说明文字</a>");
    }

    /**
     * Issue 10: a screen reader jumps to a page's content by its landmark. Every page of the book has exactly one
     * {@code <main>} holding the heading, with the navigation before it, not inside.
     */
    @Test
    void everyPageHasOneMainLandmarkAfterItsNavigation(@TempDir Path out) throws IOException {
        List<Path> pages = RulesBook.write(RULES, Path.of("../test-cases/coverage"), out);
        assertThat(pages).hasSizeGreaterThan(4);
        for (Path p : pages) {
            String html = Files.readString(p, StandardCharsets.UTF_8);
            assertThat(html.split("<main>", -1)).as("one <main> in %s", p.getFileName()).hasSize(2);
            assertThat(html.split("</main>", -1)).as("one </main> in %s", p.getFileName()).hasSize(2);
            String inMain = html.substring(html.indexOf("<main>"), html.indexOf("</main>"));
            assertThat(inMain).as("the heading of %s is in <main>", p.getFileName()).contains("<h1>");
            assertThat(inMain).as("the navigation of %s is before <main>", p.getFileName()).doesNotContain("<nav>");
            assertThat(html).as("%s says its language", p.getFileName()).contains("<html lang=\"zh-CN\">");
        }
    }

    /**
     * Issue 9: the book of a reload copy (a folder in the system temp directory) shows the files as policy staff know
     * them, no engine words outside the DRL text itself, and says what a model default means for them.
     */
    @Test
    void theBookOfAReloadCopyShowsNoTemporaryPathsAndNoEngineWords(@TempDir Path tmp) throws IOException {
        Path copy = cn.pzh.eligibility.Paths.copyRules(tmp.resolve("eligibility-rules-123456"));
        Path out = tmp.resolve("book");
        List<Path> pages = RulesBook.write(copy.toAbsolutePath(), Path.of("../test-cases/coverage"), out);
        StringBuilder all = new StringBuilder();
        for (Path p : pages) {
            all.append(Files.readString(p, StandardCharsets.UTF_8));
        }
        String book = all.toString();
        assertThat(book).doesNotContain("eligibility-rules-").doesNotContain(tmp.toString());
        assertThat(book).contains("parameters/general.yaml 第 ").contains("本地标准待政策科室确认");
        String read = book.replaceAll("(?s)<details>.*?</details>", "");
        assertThat(read).doesNotContain("salience").doesNotContain("povertyStatus");
    }
}
