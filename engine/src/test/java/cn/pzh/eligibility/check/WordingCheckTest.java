package cn.pzh.eligibility.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.params.Problem.Severity;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and the load on rules/wording.yaml, each broken in one place the way policy staff (or a programmer
 * writing a rule) might break it: every problem at its file and line, and a ruleset with an error does not load.
 */
class WordingCheckTest {

    @TempDir
    Path tmp;

    private static List<Problem> errors(List<Problem> problems) {
        return problems.stream().filter(p -> p.severity() == Severity.error).toList();
    }

    private static List<Problem> warnings(List<Problem> problems) {
        return problems.stream().filter(p -> p.severity() == Severity.warning).toList();
    }

    private static void doesNotLoad(RulesCopy rules, Problem expected) {
        assertThatThrownBy(() -> Ruleset.load(rules.dir)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).contains(expected));
    }

    @Test
    void theRepositorysRulesAndWordingAgree() {
        assertThat(Checker.check(RulesCopy.RULES)).isEmpty();
    }

    @Test
    void anUnknownKeyIsReportedAtItsLineAndTheRulesetDoesNotLoad() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("wording.yaml", "dibao-fallback-refuse-income:\n  text:",
                "dibao-fallback-refuse-income:\n  txet: \"x\"\n  text:") + 1;

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).hasSize(1);
        Problem p = errors.get(0);
        assertThat(p.file()).isEqualTo(rules.file("wording.yaml"));
        assertThat(p.line()).isEqualTo(line);
        assertThat(p.message()).contains("txet").contains("未知的键名");
        doesNotLoad(rules, p);
    }

    @Test
    void aTemplateARuleNamesThatTheFileDoesNotDefineIsReportedAtTheRulesLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int defined = rules.replace("wording.yaml", "\npension-enrol:\n", "\npension-enroll:\n") + 1;
        int used = rules.lineOf("pension.drl", "Words.of(\"pension-enrol\")", 1);

        List<Problem> problems = Checker.check(rules.dir);

        assertThat(errors(problems)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("pension.drl"));
            assertThat(p.line()).isEqualTo(used);
            assertThat(p.message()).contains("引导参保：获代缴的成员尚未参加城乡居民养老保险").contains("pension-enrol")
                    .contains("未在 wording.yaml 中定义");
        });
        // The renamed one is now used by nothing: a warning, which does not stop a load.
        assertThat(warnings(problems)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("wording.yaml"));
            assertThat(p.line()).isEqualTo(defined);
            assertThat(p.message()).contains("pension-enroll").contains("没有规则使用");
        });
        doesNotLoad(rules, errors(problems).get(0));
    }

    @Test
    void aSlotTheRuleDoesNotFillIsReportedAtTheTemplatesLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("wording.yaml", "\"{成员}患重病，属于医疗救助对象", "\"{成员}患重病（{病名}），属于医疗救助对象");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("wording.yaml"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("{病名}").contains("大病集中救治：医疗救助对象中的重病患者")
                    .contains("health-services.drl:").contains("不填写");
        });
        doesNotLoad(rules, errors.get(0));
    }

    @Test
    void aSlotTheTemplateDoesNotHaveIsReportedAtTheRulesLine() {
        RulesCopy rules = new RulesCopy(tmp);
        // A policy edit that drops what the rule says: the grade of the house would no longer be said.
        int template = rules.replace("wording.yaml", "\"{家庭}住房安全等级为{住房安全等级}（危房），请纳入",
                "\"{家庭}住房为危房，请纳入");
        int slot = rules.lineOf("housing-water.drl", ".with(\"住房安全等级\"", 1);

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("housing-water.drl"));
            assertThat(p.line()).isEqualTo(slot);
            assertThat(p.message()).contains("危房改造：农村户籍家庭住房安全等级为C级或D级").contains("{住房安全等级}")
                    .contains("unsafe-housing").contains("wording.yaml:" + template).contains("{家庭}");
        });
        doesNotLoad(rules, errors.get(0));
    }

    @Test
    void aSlotRenamedInTheTemplateIsReportedOnBothSides() {
        RulesCopy rules = new RulesCopy(tmp);
        int template = rules.replace("wording.yaml", "\"{成员}正在读{学段}，", "\"{成员}正在读{在读学段}，");
        int slot = rules.lineOf("pension.drl", ".with(\"学段\"", rules.lineOf("pension.drl", "未获养老保险代缴：在读学生", 1));

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).extracting(Problem::file, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple(rules.file("pension.drl"), slot),
                org.assertj.core.groups.Tuple.tuple(rules.file("wording.yaml"), template));
    }

    @Test
    void aSentenceWrittenIntoAThenPartIsAnError() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("pension.drl", "Words.of(\"pension-enrol\").with(\"成员\", $m.who())",
                "Words.of(\"pension-enrol\").with(\"成员\", $m.who() + \"（老人）\")");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("pension.drl"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("（老人）").contains("wording.yaml");
        });
    }

    @Test
    void aTemplateNamedByAVariableCannotBeCheckedAndIsAnError() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("pension.drl", "Words.of(\"pension-enrol\")", "Words.of(String.valueOf(\"pension-enrol\"))");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("quoted name");
        });
    }

    @Test
    void aFigureWrittenIntoATemplateIsAnError() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("wording.yaml", "扣除后不足 0 元", "扣除后不足 100 元");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("100 元").contains("参数");
        });
        doesNotLoad(rules, errors.get(0));
    }

    @Test
    void aSentenceStartingWithABraceOutsideQuotesIsExplained() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("wording.yaml", "  text: \"{家庭}饮水安全排查未达标，请纳入农村饮水巩固提升工程\"",
                "  text: {家庭}饮水安全排查未达标，请纳入农村饮水巩固提升工程");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("wording.yaml"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("双引号");
        });
    }

    @Test
    void aBraceWithoutItsPartnerIsAnError() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("wording.yaml", "\"{成员}符合政府代缴条件", "\"{成员符合政府代缴条件");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("pension-enrol").contains("没有对应的 }");
        });
        // The rule that uses it is not told a second time that the template is missing.
        assertThat(errors).noneSatisfy(p -> assertThat(p.message()).contains("未在 wording.yaml 中定义"));
    }

    @Test
    void anEngineTemplateThatLeavesOutWhatTheEngineSaysIsAnError() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("wording.yaml", "\"{事实}。计算：{计算}{单位}。{所用参数}依据：",
                "\"{事实}。计算：{计算}{单位}。依据：");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("explanation").contains("{所用参数}");
        });
        doesNotLoad(rules, errors.get(0));
    }

    @Test
    void aTemplateDefinedTwiceIsAnError() {
        RulesCopy rules = new RulesCopy(tmp);
        int first = rules.lineOf("wording.yaml", "pension-enrol:", 1);
        int line = rules.replace("wording.yaml", "\npension-claim:\n", "\npension-enrol:\n  text: \"又一句\"\n\npension-claim:\n") + 1;

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("pension-enrol").contains("第一次在第 " + first + " 行");
        });
    }

    @Test
    void aMissingWordingFileIsAnError() throws Exception {
        RulesCopy rules = new RulesCopy(tmp);
        java.nio.file.Files.delete(rules.dir.resolve("wording.yaml"));

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).anySatisfy(p -> assertThat(p.message()).contains("缺少说明文字文件 wording.yaml"));
        assertThatThrownBy(() -> Ruleset.load(rules.dir)).isInstanceOf(RulesetException.class)
                .hasMessageContaining("缺少说明文字文件");
    }
}
