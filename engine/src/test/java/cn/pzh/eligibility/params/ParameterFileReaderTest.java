package cn.pzh.eligibility.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.params.Problem;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What policy staff write in {@code rules/parameters/*.yaml} and what they are told back: each kind of value read
 * and shown as a caseworker reads it, and each mistake refused with its line and a message that says what to fix.
 * Line numbers are counted in the YAML text of each test.
 */
class ParameterFileReaderTest {

    @TempDir
    Path dir;

    private final Map<String, Parameter> read = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private void read(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("p.yaml"), yaml);
        ParameterFileReader.read(file, "parameters/p.yaml", read, problems);
    }

    /** The one problem reported, as "line: message". */
    private String onlyProblem() {
        assertThat(problems).hasSize(1);
        Problem p = problems.get(0);
        assertThat(p.file()).isEqualTo("parameters/p.yaml");
        assertThat(p.severity()).isEqualTo(Problem.Severity.error);
        return p.line() + ": " + p.message();
    }

    private static String one(String name, String type, String unit, String value) {
        return name + ":\n"
                + "  description: 测试参数\n"
                + "  type: " + type + "\n"
                + (unit == null ? "" : "  unit: " + unit + "\n")
                + "  values:\n"
                + "    - from: 2019-01-01\n"
                + "      value: " + value + "\n"
                + "      reference: 测试文件\n";
    }

    @Test
    void everyTypeIsReadAndShownAsACaseworkerReadsIt() throws IOException {
        read(one("a.amount", "amount", "元/人·月", "1234.5")
                + one("a.rate", "rate", null, "0.125")
                + one("a.integer", "integer", "周岁", "60")
                + one("a.date", "date", null, "2020-03-01")
                + one("a.flag", "flag", null, "true")
                + one("a.flag_off", "flag", null, "false")
                + one("a.codes", "codes", null, "[DISABILITY_SUBSIDY, STUDENT_AID]"));
        assertThat(problems).isEmpty();
        assertThat(read.keySet()).containsExactly("a.amount", "a.rate", "a.integer", "a.date", "a.flag", "a.flag_off",
                "a.codes");
        LocalDate on = LocalDate.of(2019, 1, 1);
        assertThat(read.get("a.amount").at(on).display()).isEqualTo("1,234.50 元/人·月");
        assertThat(read.get("a.amount").at(on).decimal()).isEqualByComparingTo("1234.5");
        assertThat(read.get("a.rate").at(on).display()).isEqualTo("12.5%");
        assertThat(read.get("a.integer").at(on).display()).isEqualTo("60 周岁");
        assertThat(read.get("a.integer").at(on).decimal()).isEqualByComparingTo("60");
        assertThat(read.get("a.date").at(on).display()).isEqualTo("2020-03-01");
        assertThat(read.get("a.flag").at(on).display()).isEqualTo("是");
        assertThat(read.get("a.flag_off").at(on).display()).isEqualTo("否");
        assertThat(read.get("a.codes").at(on).display()).isEqualTo("DISABILITY_SUBSIDY、STUDENT_AID");
        assertThat(read.get("a.amount").at(on).cite()).isEqualTo("测试参数 1,234.50 元/人·月（自 2019-01-01 起执行）");
        assertThatThrownBy(() -> read.get("a.date").at(on).decimal()).hasMessageContaining("a.date is not a number");
        // Where each comes from: the parameter's name line, the value's "- from" line (8 lines with a unit).
        assertThat(read.get("a.amount").line()).isEqualTo(1);
        assertThat(read.get("a.amount").at(on).line()).isEqualTo(6);
        assertThat(read.get("a.rate").line()).isEqualTo(9);
        assertThat(read.get("a.rate").at(on).file()).isEqualTo("parameters/p.yaml");
        assertThat(read.get("a.rate").at(on).reference()).isEqualTo("测试文件");
    }

    @Test
    void theValueInForceIsTheLatestWhoseDateHasCome() throws IOException {
        read("""
                dibao.standard.rural:
                  description: 农村低保标准
                  type: amount
                  unit: 元/人·月
                  values:
                    - from: 2019-01-01
                      value: 410
                      reference: 文件一
                    - from: 2021-12-01
                      value: 440
                      reference: 文件二
                work_age.min:
                  description: 劳动年龄下限
                  type: integer
                  values:
                    - from: 2020-01-01
                      value: 16
                      reference: 文件三
                """);
        assertThat(problems).isEmpty();
        Parameter rural = read.get("dibao.standard.rural");
        assertThat(rural.at(LocalDate.of(2018, 12, 31))).isNull();
        assertThat(rural.at(LocalDate.of(2019, 1, 1)).decimal()).isEqualByComparingTo("410");
        assertThat(rural.at(LocalDate.of(2021, 11, 30)).decimal()).isEqualByComparingTo("410");
        assertThat(rural.at(LocalDate.of(2021, 12, 1)).decimal()).isEqualByComparingTo("440");
        assertThat(rural.at(LocalDate.of(2021, 12, 1)).since()).isEqualTo("（自 2021-12-01 起执行）");

        ParameterSet set = new ParameterSet(read);
        // every parameter has a value from the latest of the first dates on
        assertThat(set.firstCoveredDate()).isEqualTo(LocalDate.of(2020, 1, 1));
        Params early = set.at(LocalDate.of(2019, 6, 1));
        assertThat(early.undefinedOnDate()).containsExactly("work_age.min");
        assertThat(early.firstCoveredDate()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(early.decimal("dibao.standard.rural")).isEqualByComparingTo("410");
        assertThatThrownBy(() -> early.integer("work_age.min"))
                .hasMessage("parameter work_age.min has no value in force on 2019-06-01（参数 work_age.min 在 2019-06-01 尚无有效取值）");
        assertThatThrownBy(() -> early.value("work_age.mni"))
                .hasMessage("parameter work_age.mni is not defined in rules/parameters（参数 work_age.mni 未定义）");
        Params late = set.at(LocalDate.of(2022, 1, 1));
        assertThat(late.undefinedOnDate()).isEmpty();
        assertThat(late.date()).isEqualTo(LocalDate.of(2022, 1, 1));
        assertThat(late.integer("work_age.min")).isEqualTo(16);
        assertThat(late.decimal("dibao.standard.rural")).isEqualByComparingTo("440");
        assertThat(late.all()).containsOnlyKeys("dibao.standard.rural", "work_age.min");
        // a snapshot asked for again is the same answer
        assertThat(set.at(LocalDate.of(2022, 1, 1)).decimal("dibao.standard.rural")).isEqualByComparingTo("440");
        assertThat(new ParameterSet(Map.of()).firstCoveredDate()).isNull();
    }

    @Test
    void anOverrideHoldsAtEveryDateAndSaysItWasSetForThisAssessment() throws IOException {
        read(one("a.amount", "amount", "元", "100") + one("a.rate", "rate", null, "0.1")
                + one("a.integer", "integer", "岁", "60") + one("a.date", "date", null, "2020-03-01")
                + one("a.flag", "flag", null, "false") + one("a.codes", "codes", null, "[X]"));
        ParameterSet set = new ParameterSet(read);
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("a.amount", "250.5");
        overrides.put("a.rate", 0.25);
        overrides.put("a.integer", 55);
        overrides.put("a.date", "2021-07-01");
        overrides.put("a.flag", "true");
        overrides.put("a.codes", "STUDENT_AID, DISABILITY_SUBSIDY");
        ParameterSet changed = set.withOverrides(overrides, "case.yaml");
        Params p = changed.at(LocalDate.of(1990, 1, 1));
        assertThat(p.undefinedOnDate()).isEmpty();
        assertThat(p.decimal("a.amount")).isEqualByComparingTo("250.5");
        assertThat(p.decimal("a.rate")).isEqualByComparingTo("0.25");
        assertThat(p.integer("a.integer")).isEqualTo(55);
        assertThat(p.date("a.date")).isEqualTo(LocalDate.of(2021, 7, 1));
        assertThat(p.flag("a.flag")).isTrue();
        assertThat(p.codes("a.codes")).containsExactly("STUDENT_AID", "DISABILITY_SUBSIDY");
        assertThat(p.value("a.amount").cite()).isEqualTo("测试参数 250.50 元（本次核定临时设定的值）");
        assertThat(p.value("a.amount").reference()).isEqualTo("override: case.yaml");
        // a list of codes as YAML gives it
        assertThat(set.withOverrides(Map.of("a.codes", List.of("A", "B")), "x").at(LocalDate.of(2020, 1, 1))
                .codes("a.codes")).containsExactly("A", "B");
        // the original is unchanged
        assertThat(set.at(LocalDate.of(2020, 1, 1)).flag("a.flag")).isFalse();
        assertThatThrownBy(() -> set.withOverrides(Map.of("a.flag", "yes"), "x"))
                .hasMessage("expected true or false, was yes");
        assertThatThrownBy(() -> set.withOverrides(Map.of("a.flag", "false", "no.such", 1), "x"))
                .hasMessage("unknown parameter(s) [no.such]（未定义的参数）");
    }

    @Test
    void anEmptyFileDefinesNothingAndIsNoMistake() throws IOException {
        read("# nothing yet\n");
        assertThat(problems).isEmpty();
        assertThat(read).isEmpty();
    }

    @Test
    void anUnreadableFileIsReported() {
        ParameterFileReader.read(dir, "parameters/p.yaml", read, problems);
        assertThat(onlyProblem()).startsWith("0: cannot read file: ").endsWith("（无法读取文件）");
    }

    @Test
    void brokenYamlIsReportedWithItsLine() throws IOException {
        read("a.b:\n  description: x\n  type: [amount\n");
        assertThat(onlyProblem()).startsWith("4: not valid YAML: ").endsWith("（YAML 格式错误）");
    }

    @Test
    void aFileThatIsAListIsRefused() throws IOException {
        read("- a\n- b\n");
        assertThat(onlyProblem()).isEqualTo("1: a parameter file is a mapping of parameter names（参数文件应为“参数名: 定义”的映射）");
    }

    @Test
    void aNameDefinedTwiceIsRefusedInTheSameFileAndAcrossFiles() throws IOException {
        read(one("a.b", "amount", null, "1") + one("a.b", "amount", null, "2"));
        assertThat(onlyProblem()).isEqualTo("8: parameter 'a.b' is defined twice（参数重复定义）");
        assertThat(read.get("a.b").at(LocalDate.of(2019, 1, 1)).decimal()).isEqualByComparingTo("1");
        problems.clear();
        read(one("a.b", "amount", null, "3")); // another file, into what was already read
        assertThat(onlyProblem()).isEqualTo("1: parameter 'a.b' is defined twice（参数重复定义）");
    }

    @Test
    void aNameMustBeLowerCaseWordsJoinedByDots() throws IOException {
        read(one("Dibao.Standard", "amount", null, "1") + one("dibao..x", "amount", null, "1")
                + one("dibao.x_2.y", "amount", null, "1"));
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "1: parameter name 'Dibao.Standard' must be lower-case words joined by dots（参数名应为小写英文单词，以点分隔）",
                "8: parameter name 'dibao..x' must be lower-case words joined by dots（参数名应为小写英文单词，以点分隔）");
        assertThat(read).containsOnlyKeys("dibao.x_2.y");
    }

    @Test
    void aParameterThatIsNotAMappingIsRefused() throws IOException {
        read("a.b:\n\na.c: 410\n");
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "1: parameter 'a.b' must have description, type, unit and values（参数定义缺少内容）",
                "3: parameter 'a.c' must have description, type, unit and values（参数定义缺少内容）");
        assertThat(read).isEmpty();
    }

    @Test
    void aMissingOrEmptyDescriptionOrTypeIsRefused() throws IOException {
        read("""
                a.b:
                  type: amount
                  values:
                    - {from: 2019-01-01, value: 1, reference: r}
                a.c:
                  description: " "
                  type: amount
                  values:
                    - {from: 2019-01-01, value: 1, reference: r}
                a.d:
                  description: d
                  values:
                    - {from: 2019-01-01, value: 1, reference: r}
                """);
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "2: parameter 'a.b' has no 'description'（参数缺少 description）",
                "6: 'description' of 'a.c' is empty（description 不能为空）",
                "11: parameter 'a.d' has no 'type'（参数缺少 type）");
        assertThat(read).isEmpty();
    }

    @Test
    void anUnknownTypeNamesTheTypesThereAre() throws IOException {
        read(one("a.b", "money", null, "1"));
        assertThat(onlyProblem()).isEqualTo("3: unknown type 'money' of 'a.b', expected one of [amount, rate, integer,"
                + " date, flag, codes]（未知的参数类型）");
        assertThat(read).isEmpty();
    }

    @Test
    void valuesMustBeANonEmptyListOfMappings() throws IOException {
        read("""
                a.b:
                  description: d
                  type: amount
                a.c:
                  description: d
                  type: amount
                  values: []
                a.d:
                  description: d
                  type: amount
                  values: 410
                a.e:
                  description: d
                  type: amount
                  values:
                    - 410
                    - {from: 2019-01-01, value: 1, reference: r}
                """);
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "2: parameter 'a.b' has no values（参数没有任何取值）",
                "7: values of 'a.c' must be a non-empty list of {from, value, reference}（values 应为列表，每项含 from、value、reference）",
                "11: values of 'a.d' must be a non-empty list of {from, value, reference}（values 应为列表，每项含 from、value、reference）",
                "16: each value of 'a.e' is a mapping with from, value and reference（取值格式错误）");
        assertThat(read).containsOnlyKeys("a.e");
        assertThat(read.get("a.e").values()).hasSize(1);
    }

    @Test
    void aValueWithoutDateReferenceOrValueIsRefusedAndLeftOut() throws IOException {
        read("""
                a.b:
                  description: d
                  type: amount
                  values:
                    - value: 1
                      reference: r
                    - from: 2019-01-01
                      value: 2
                    - from: 2020-01-01
                      value: 3
                      reference: "  "
                    - from: 2021-01-01
                      reference: r
                    - from: 2022-01-01
                      value: 5
                      reference: r
                """);
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "5: a value of 'a.b' has no 'from' date（取值缺少生效日期 from）",
                "7: a value of 'a.b' has no 'reference' to the document that sets it（取值缺少依据文件 reference）",
                "9: a value of 'a.b' has no 'reference' to the document that sets it（取值缺少依据文件 reference）",
                "12: a value of 'a.b' has no 'value'（取值缺少 value）");
        assertThat(read.get("a.b").values()).extracting(v -> v.from().toString()).containsExactly("2022-01-01");
    }

    @Test
    void datesMustBeRealAndInOrder() throws IOException {
        read("""
                a.b:
                  description: d
                  type: amount
                  values:
                    - {from: 2019-01-01, value: 1, reference: r}
                    - {from: 2019-01-01, value: 2, reference: r}
                    - {from: 2018-06-01, value: 3, reference: r}
                    - {from: 2019-02-30, value: 4, reference: r}
                    - {from: [2019], value: 5, reference: r}
                """);
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "6: two values of 'a.b' hold from the same date 2019-01-01（同一生效日期有两个取值）",
                "7: values of 'a.b' are out of date order: 2018-06-01 comes after 2019-01-01（取值应按生效日期从早到晚排列）",
                "8: 'from' must be a date as YYYY-MM-DD, was '2019-02-30'（日期格式应为 YYYY-MM-DD）",
                "9: expected a single value here（此处应为单个值）");
    }

    @Test
    void aDateOutOfOrderIsComparedWithTheLastDateGivenNotTheFirst() throws IOException {
        read("""
                a.b:
                  description: d
                  type: amount
                  values:
                    - {from: 2019-01-01, value: 1, reference: r}
                    - {from: 2020-01-01, value: 2, reference: r}
                    - {from: 2019-06-01, value: 3, reference: r}
                """);
        assertThat(onlyProblem()).isEqualTo("7: values of 'a.b' are out of date order: 2019-06-01 comes after"
                + " 2020-01-01（取值应按生效日期从早到晚排列）");
    }

    @Test
    void eachTypeRefusesAValueOfAnotherKind() throws IOException {
        read(one("a.amount_text", "amount", null, "abc")
                + one("a.amount_negative", "amount", null, "-1")
                + one("a.rate_above_one", "rate", null, "1.5")
                + one("a.rate_negative", "rate", null, "-0.1")
                + one("a.integer_decimal", "integer", null, "1.5")
                + one("a.date_unreal", "date", null, "2019-02-30")
                + one("a.flag_word", "flag", null, "maybe")
                + one("a.codes_scalar", "codes", null, "STUDENT_AID")
                + one("a.amount_list", "amount", null, "[1, 2]")
                + one("a.amount_underscore", "amount", null, "1_000")
                + one("a.integer_hex", "integer", null, "0x10")
                + one("a.rate_one", "rate", null, "1")
                + one("a.amount_zero", "amount", null, "0"));
        // seven lines per parameter, the value on the sixth
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "6: value 'abc' of 'a.amount_text' must be a number (type amount)（取值类型不符）",
                "13: value '-1' of 'a.amount_negative' must be not negative (type amount)（取值类型不符）",
                "20: value '1.5' of 'a.rate_above_one' must be a rate from 0 to 1 (type rate)（取值类型不符）",
                "27: value '-0.1' of 'a.rate_negative' must be a rate from 0 to 1 (type rate)（取值类型不符）",
                "34: value '1.5' of 'a.integer_decimal' must be a whole number (type integer)（取值类型不符）",
                "41: value '2019-02-30' of 'a.date_unreal' must be a valid date (type date)（取值类型不符）",
                "48: value 'maybe' of 'a.flag_word' must be true or false (type flag)（取值类型不符）",
                "55: value of 'a.codes_scalar' must be a list of codes（取值应为代码列表）",
                "62: value of 'a.amount_list' must be a single amount（取值应为单个值）",
                "69: value '1_000' of 'a.amount_underscore' must be a valid amount (type amount)（取值类型不符）",
                "76: value '0x10' of 'a.integer_hex' must be a valid integer (type integer)（取值类型不符）");
        // the bounds themselves are allowed
        assertThat(read.get("a.rate_one").at(LocalDate.of(2019, 1, 1)).decimal()).isEqualByComparingTo("1");
        assertThat(read.get("a.amount_zero").at(LocalDate.of(2019, 1, 1)).decimal()).isEqualByComparingTo("0");
        // a parameter whose only value is refused has no value on any date
        assertThat(read.get("a.amount_text").at(LocalDate.of(2030, 1, 1))).isNull();
    }

    @Test
    void anUnknownOrRepeatedKeyIsRefusedWithTheKeysAllowed() throws IOException {
        read("""
                a.b:
                  description: d
                  descripton: d
                  type: amount
                  values:
                    - from: 2019-01-01
                      value: 1
                      value: 2
                      reference: r
                      refrence: r
                      note: 说明
                """);
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "3: unknown key 'descripton' in parameter 'a.b', allowed: description, type, unit, values（未知的键名，可能拼写错误）",
                "8: key 'value' appears twice in a value of 'a.b'（键名重复）",
                "10: unknown key 'refrence' in a value of 'a.b', allowed: from, note, reference, value（未知的键名，可能拼写错误）");
    }

    @Test
    void aKeyThatIsNotASingleWordIsRefused() throws IOException {
        read("? [a, b]\n: 1\n" + one("a.b", "amount", null, "1").replace("  type: amount\n",
                "  type: amount\n  ? [x]\n  : y\n"));
        assertThat(problems).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "1: expected a single value here（此处应为单个值）",
                "6: expected a single value here（此处应为单个值）");
        assertThat(read).containsOnlyKeys("a.b");
    }

    @Test
    void numbersAreWrittenForReading() {
        assertThat(Format.number(new BigDecimal("3600"))).isEqualTo("3,600");
        assertThat(Format.number(new BigDecimal("3600.00"))).isEqualTo("3,600");
        assertThat(Format.number(new BigDecimal("3600.5"))).isEqualTo("3,600.50");
        assertThat(Format.number(new BigDecimal("1E+3"))).isEqualTo("1,000");
        assertThat(Format.number(new BigDecimal("0.125"))).isEqualTo("0.125");
        assertThat(Format.number(new BigDecimal("1234567.125"))).isEqualTo("1,234,567.125");
        assertThat(Format.number(new BigDecimal("999"))).isEqualTo("999");
        assertThat(Format.number(new BigDecimal("-100000"))).isEqualTo("-100,000");
        assertThat(Format.money(new BigDecimal("-123456.5"))).isEqualTo("-123,456.50");
        assertThat(Format.percent(new BigDecimal("0.70"))).isEqualTo("70%");
        assertThat(Format.percent(new BigDecimal("0.125"))).isEqualTo("12.5%");
        assertThat(Format.percent(new BigDecimal("1"))).isEqualTo("100%");
    }
}
