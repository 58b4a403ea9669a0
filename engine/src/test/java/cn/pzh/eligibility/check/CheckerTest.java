package cn.pzh.eligibility.check;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.cli.Main;
import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.params.Problem.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on the real rule files, each broken in one place the way policy staff might break it. */
class CheckerTest {

    private static final String FALLBACK_RULE = "低保兜底：建档立卡户收入低于低保标准且无可就业成员";

    @TempDir
    Path tmp;

    private static List<Problem> errors(List<Problem> problems) {
        return problems.stream().filter(p -> p.severity() == Severity.error).toList();
    }

    @Test
    void misspeltMethodInThenPartIsReportedAtItsLineWithTheRuleName() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("dibao.drl", "Words.of(\"dibao-fallback\").with(\"家庭\", $c.describe())",
                "Words.of(\"dibao-fallback\").with(\"家庭\", $c.describee())");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).hasSize(1);
        Problem p = errors.get(0);
        assertThat(p.file()).isEqualTo(rules.file("dibao.drl"));
        assertThat(p.line()).isEqualTo(line);
        assertThat(p.message()).contains(FALLBACK_RULE).contains("describee");
    }

    @Test
    void unbalancedParenthesisInWhenPartIsReportedAtItsLineWithTheRuleName() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("dibao.drl", "total.value < $s.annual.value)\n    not Employable",
                "total.value < ($s.annual.value)\n    not Employable");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).isNotEmpty();
        Problem p = errors.get(0);
        assertThat(p.file()).isEqualTo(rules.file("dibao.drl"));
        assertThat(p.line()).isEqualTo(line);
        assertThat(p.message()).contains(FALLBACK_RULE).contains("括号不配对");
    }

    @Test
    void misspeltParameterKeyIsReportedAtItsLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("parameters/temporary.yaml", "      reference:", "      refrence:");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(rules.file("parameters/temporary.yaml"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("refrence");
        });
    }

    @Test
    void valueWithoutReferenceIsReportedAtItsLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int name = rules.lineOf("parameters/dibao.yaml", "dibao.standard.rural:", 1);
        int value = rules.lineOf("parameters/dibao.yaml", "- from: 2021-12-01", name);
        int ref = rules.lineOf("parameters/dibao.yaml", "reference:", value);
        rules.deleteLine("parameters/dibao.yaml", ref);

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("parameters/dibao.yaml"));
            assertThat(p.line()).isEqualTo(value);
            assertThat(p.message()).contains("dibao.standard.rural").contains("reference");
        });
    }

    @Test
    void undefinedParameterIsAnErrorAtTheRuleLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("definitions.drl", "$c.amount(\"dibao.standard.rural\")", "$c.amount(\"dibao.standard.rurall\")");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("definitions.drl"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("dibao.standard.rurall").contains("未定义");
        });
    }

    @Test
    void literalAgeInAConditionIsAnErrorAtItsLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("classified-supplement.drl", "$m : Person(ageAtLeast(\"dibao.classified.elderly_age\"))",
                "$m : Person(age >= 60)");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("classified-supplement.drl"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("60").contains("分类施保类别：老年人");
        });
    }

    @Test
    void literalAmountInAConsequenceIsAnErrorAtItsLine() {
        RulesCopy rules = new RulesCopy(tmp);
        int line = rules.replace("disability.drl", "$c.amount(\"disability.living_subsidy\")",
                "Calc.yuan(new java.math.BigDecimal(\"100\"))");

        List<Problem> errors = errors(Checker.check(rules.dir));

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(rules.file("disability.drl"));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("100");
        });
    }

    @Test
    void unknownCodeMissingClauseAndOverlappingGrantAreFound() {
        RulesCopy rules = new RulesCopy(tmp);
        int rule = rules.lineOf("housing-water.drl", "rule \"饮水安全：农村建档立卡家庭用水未达到安全标准\"", 1);
        rules.replace("housing-water.drl", "    @clause(\"2.2.2.1\")\n", "");
        int code = rules.replace("housing-water.drl", "\"UNSAFE_DRINKING_WATER\"", "\"UNSAFE_WATER\"");
        // A copy of the grade 1 nursing rule under another name: both grant on the same facts.
        rules.replace("disability.drl", "rule \"重度残疾人护理补贴：二级\"", """
                rule "重度残疾人护理补贴：一级（重复）"
                    @clause("2.1.7.5")
                when
                    $m : Person($c : kase, certificate == Certificate.SECOND_GEN, grade == 1, needsLongTermCare == true,
                                extremelyPoorSupported == false, workInjuryNursingFee == false, seriousIllness == true)
                then
                    Finding.grant(kcontext, $c, $m, "SEVERE_DISABILITY_NURSING_SUBSIDY", $c.amount("disability.nursing.grade1"), "");
                end

                rule "重度残疾人护理补贴：二级\"""");

        List<Problem> problems = Checker.check(rules.dir);

        assertThat(errors(problems)).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(rules.file("housing-water.drl"));
            assertThat(p.line()).isEqualTo(rule);
            assertThat(p.message()).contains("@clause");
        }).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(code);
            assertThat(p.message()).contains("UNSAFE_WATER");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.warning);
            assertThat(p.file()).isEqualTo(rules.file("codes.yaml"));
            assertThat(p.message()).contains("UNSAFE_DRINKING_WATER");
        }).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.warning);
            assertThat(p.message()).contains("重度残疾人护理补贴：一级（重复）").contains("SEVERE_DISABILITY_NURSING_SUBSIDY");
        });
    }

    @Test
    void theRepositoryRulesPassCheckWithoutErrors() {
        List<Problem> problems = Checker.check(RulesCopy.RULES);

        assertThat(errors(problems)).isEmpty();
        assertThat(Main.run(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
                java.io.OutputStream.nullOutputStream(), "check", "--rules", RulesCopy.RULES.toString())).isEqualTo(Main.OK);
    }
}
