package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.rules.RulesetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What policy staff do to the files: edit a value, break a rule, misspell a key. */
class RulesetFilesTest {

    private static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);

    private static Household example() throws Exception {
        return HouseholdReader.parse(Files.readString(Paths.EXAMPLE));
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static int lineOf(Path file, String text) throws Exception {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void changingTheLivingSubsidyInItsYamlChangesTheAnswerAndTheVersion(@TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Ruleset before = Ruleset.load(rules);
        replace(rules.resolve("parameters/disability.yaml"), "      value: 90\n", "      value: 95\n");
        Ruleset after = Ruleset.load(rules);

        assertThat(after.version()).isNotEqualTo(before.version());
        Determination d = after.evaluate(example(), AS_OF);
        assertThat(d.ruleset().version()).isEqualTo(after.version());
        assertThat(d.entitlements()).filteredOn(e -> e.code().equals("DISABILITY_LIVING_SUBSIDY"))
                .singleElement().satisfies(e -> {
                    assertThat(e.amount()).isEqualByComparingTo("95.00");
                    assertThat(e.explanation()).contains("困难残疾人生活补贴标准 95 元/人·月（自 2019-01-01 起执行）");
                });
        assertThat(before.evaluate(example(), AS_OF).entitlements())
                .filteredOn(e -> e.code().equals("DISABILITY_LIVING_SUBSIDY"))
                .singleElement().satisfies(e -> assertThat(e.amount()).isEqualByComparingTo("90.00"));
    }

    @Test
    void aBrokenRuleIsRefusedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Path drl = rules.resolve("pension.drl");
        replace(drl, "employeePension == false)\nthen", "employeePension == false\nthen");
        RulesetException e = catchThrowableOfType(RulesetException.class, () -> Ruleset.load(rules));
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).endsWith("rules/pension.drl"));
        int ruleLine = lineOf(drl, "rule \"养老保险代缴");
        assertThat(e.problems()).extracting(Problem::line).allSatisfy(l -> assertThat(l).isBetween(ruleLine, ruleLine + 10));
    }

    @Test
    void aMisspeltParameterKeyIsRefusedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Path yaml = rules.resolve("parameters/medical.yaml");
        replace(yaml, "      reference: 模型默认值（model default）\n", "      refrence: 模型默认值（model default）\n");
        RulesetException e = catchThrowableOfType(RulesetException.class, () -> Ruleset.load(rules));
        int line = lineOf(yaml, "refrence:");
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).endsWith("rules/parameters/medical.yaml");
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("unknown key 'refrence'");
        });
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("no 'reference'"));
    }

    @Test
    void aValueWithoutADateIsRefused(@TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Path yaml = rules.resolve("parameters/pension.yaml");
        replace(yaml, "    - from: 2019-01-01\n      value: 100\n", "    - value: 100\n");
        RulesetException e = catchThrowableOfType(RulesetException.class, () -> Ruleset.load(rules));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(lineOf(yaml, "    - value: 100"));
            assertThat(p.message()).contains("no 'from' date");
        });
    }

    @Test
    void aRuleThatAsksForAnUndefinedParameterFailsWithTheParameterNamed(@TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        replace(rules.resolve("pension.drl"), "$c.amount(\"pension.minimum_tier\")", "$c.amount(\"pension.minimum_teir\")");
        Ruleset broken = Ruleset.load(rules);
        var e = catchThrowableOfType(cn.pzh.eligibility.evaluation.RuleEvaluationException.class,
                () -> broken.evaluate(example(), AS_OF));
        assertThat(e.getMessage()).contains("pension.minimum_teir").contains("510411-2019-000123");
    }
}
