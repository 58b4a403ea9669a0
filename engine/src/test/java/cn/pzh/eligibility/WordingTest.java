package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentences of a determination come from rules/wording.yaml of the ruleset being evaluated: a sentence changed
 * there changes every determination that says it, and nothing else. Expected sentences are written out by hand.
 */
class WordingTest {

    private static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);

    /** A registered-poor rural household of one: a 35-year-old who can work and does not, income 9,000 a year. */
    private static final String CAN_WORK = """
            {"householdId":"WT1","county":"东区","residence":"RURAL","povertyStatus":"REGISTERED",
             "incomes":[{"type":"AGRICULTURE","annualAmount":9000}],
             "members":[{"memberId":"m1","birthDate":"1984-07-07","relation":"HEAD","laborCapacity":"FULL",
                         "residentPensionEnrolled":true}]}""";

    private static void edit(Path rules, String from, String to) throws IOException {
        Path f = rules.resolve("wording.yaml");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(f, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static String advisory(Determination d, String code) {
        return d.advisories().stream().filter(a -> a.code().equals(code)).findFirst().orElseThrow().message();
    }

    private static String reasons(Determination d, String code) {
        return d.notGranted().stream().filter(n -> n.code().equals(code)).findFirst().orElseThrow().reasons().toString();
    }

    @Test
    void aSharedSentenceChangedOnceChangesEveryRuleThatSaysIt(@TempDir Path tmp) throws IOException {
        Path rules = Paths.copyRules(tmp.resolve("rules"));
        edit(rules, "年龄 {年龄范围}，有劳动能力，不在读，非重病，非一、二级持证残疾人",
                "年龄 {年龄范围}，有劳动能力，不在读，未患重病，不是一、二级持证残疾人");
        Ruleset before = Ruleset.load(Paths.RULES);
        Ruleset after = Ruleset.load(rules);
        Determination was = before.evaluate(HouseholdReader.parse(CAN_WORK), AS_OF);
        Determination now = after.evaluate(HouseholdReader.parse(CAN_WORK), AS_OF);

        // 9,000 is not below 410 × 12 × 1 = 4,920: no fallback; nobody works, so the employment advisory names who
        // can, with the shared conditions.
        assertThat(advisory(was, "EMPLOYMENT_SUPPORT")).isEqualTo("该户为建档立卡贫困户（未标注脱贫）；户主（35 周岁）有劳动能力"
                + "且可就业（年龄 16 至 59 周岁（自 2019-01-01 起执行），有劳动能力，不在读，非重病，非一、二级持证残疾人），"
                + "但家中无人就业；请落实就业扶贫措施，确保每户至少 1 人就业（依据：攀脱贫领发〔2019〕2号 二（一）2，条款 2.1.2）");
        assertThat(advisory(now, "EMPLOYMENT_SUPPORT")).isEqualTo("该户为建档立卡贫困户（未标注脱贫）；户主（35 周岁）有劳动能力"
                + "且可就业（年龄 16 至 59 周岁（自 2019-01-01 起执行），有劳动能力，不在读，未患重病，不是一、二级持证残疾人），"
                + "但家中无人就业；请落实就业扶贫措施，确保每户至少 1 人就业（依据：攀脱贫领发〔2019〕2号 二（一）2，条款 2.1.2）");

        // A household the fallback refuses for the working member: the same conditions, changed there too.
        String poorWithWorker = CAN_WORK.replace("\"annualAmount\":9000", "\"annualAmount\":1200");
        assertThat(reasons(after.evaluate(HouseholdReader.parse(poorWithWorker), AS_OF), "DIBAO_FALLBACK"))
                .isEqualTo("[户主（35 周岁）有劳动能力且可就业（年龄 16 至 59 周岁（自 2019-01-01 起执行），有劳动能力，不在读，"
                        + "未患重病，不是一、二级持证残疾人），该户应通过产业和就业帮扶脱贫，不适用低保兜底]");

        // Wording is part of the ruleset: another version, the same amounts and codes.
        assertThat(now.ruleset().version()).isNotEqualTo(was.ruleset().version());
        assertThat(now.entitlements()).usingRecursiveComparison().ignoringFields("explanation")
                .isEqualTo(was.entitlements());
        assertThat(now.totals()).isEqualTo(was.totals());
    }

    @Test
    void theFramesTheEngineWritesAroundFindingsAreWordingToo(@TempDir Path tmp) throws IOException {
        Path rules = Paths.copyRules(tmp.resolve("rules"));
        edit(rules, "\"{事实}。计算：{计算}{单位}。{所用参数}依据：{依据}（条款 {条款}）。\"",
                "\"{事实}。金额：{计算}{单位}。{所用参数}政策依据：{依据}（条款 {条款}）。\"");
        edit(rules, "\"/月\"", "\"/每月\"");
        edit(rules, "\"所用参数：{参数}。\"", "\"参数：{参数}。\"");
        edit(rules, "\"{提示}（依据：{依据}，条款 {条款}）\"", "\"{提示}。依据：{依据}，条款 {条款}\"");
        Ruleset after = Ruleset.load(rules);
        Determination d = after.evaluate(HouseholdReader.parse(CAN_WORK), AS_OF);

        // The government pays the minimum pension tier for the 35-year-old: 100 元 a year.
        String pension = d.entitlements().stream().filter(e -> e.code().equals("PENSION_CONTRIBUTION")).findFirst()
                .orElseThrow().explanation();
        assertThat(pension).endsWith("。金额：100.00 元/年。参数：城乡居民养老保险最低缴费档次 100 元/年（自 2019-01-01 起执行）。"
                + "政策依据：攀脱贫领发〔2019〕2号 二（一）7 二是（条款 2.1.7.2）。");
        assertThat(advisory(d, "EMPLOYMENT_SUPPORT")).endsWith("确保每户至少 1 人就业。依据：攀脱贫领发〔2019〕2号 二（一）2，条款 2.1.2");
    }

    @Test
    void anOptionalPartIsSaidOnlyWhereItApplies() {
        Ruleset rules = Ruleset.load(Paths.RULES);
        // 57 years old, above a code-delivery age cap held at 55 for this case, below the claim age of 60: the
        // fourth ending of the reason, which the committed parameters never reach (the cap is 59, the claim age 60).
        Ruleset capped = rules.withParameterOverrides(Map.of("pension.age.max", 55), "wording test");
        Determination d = capped.evaluate(HouseholdReader.parse("""
                {"householdId":"WT2","county":"东区","residence":"RURAL","povertyStatus":"REGISTERED",
                 "incomes":[{"type":"AGRICULTURE","annualAmount":9000}],
                 "members":[{"memberId":"m1","birthDate":"1962-03-15","relation":"HEAD","laborCapacity":"PARTIAL",
                             "residentPensionEnrolled":true}]}"""), AS_OF);
        assertThat(reasons(d, "PENSION_CONTRIBUTION")).isEqualTo("[户主（57 周岁）超过政府代缴年龄上限（政府代缴养老保险费年龄上限"
                + " 55 周岁（本次核定临时设定的值））；年满 60 周岁（自 2019-01-01 起执行）可申领基本养老金]");
    }
}
