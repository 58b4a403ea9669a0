package cn.pzh.eligibility.input;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.params.ParameterFileReader;
import cn.pzh.eligibility.params.ParameterSet;
import cn.pzh.eligibility.params.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that depend on the assessment date, against a parameter file written here (working age 16–59 from
 * 2019-01-01; two parameters that only start in 2020), so every age and date below is counted by hand.
 */
class DateChecksTest {

    static ParameterSet parameters;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("general.yaml"), """
                work_age.min:
                  description: 劳动年龄下限
                  type: integer
                  unit: 周岁
                  values:
                    - {from: 2019-01-01, value: 16, reference: r}
                work_age.max:
                  description: 劳动年龄上限
                  type: integer
                  unit: 周岁
                  values:
                    - {from: 2019-01-01, value: 59, reference: r}
                z.later:
                  description: 后来才有的参数
                  type: amount
                  values:
                    - {from: 2020-01-01, value: 1, reference: r}
                a.later:
                  description: 另一个后来才有的参数
                  type: amount
                  values:
                    - {from: 2019-07-01, value: 1, reference: r}
                """);
        Map<String, Parameter> read = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        ParameterFileReader.read(file, "general.yaml", read, problems);
        assertThat(problems).isEmpty();
        parameters = new ParameterSet(read);
    }

    private static List<String> check(String householdJson, LocalDate asOf) {
        return DateChecks.check(HouseholdReader.parse(householdJson), asOf, parameters.at(asOf)).stream()
                .map(FieldError::toString).toList();
    }

    private static String household(String members) {
        return "{\"householdId\": \"H1\", \"county\": \"东区\", \"residence\": \"URBAN\", \"povertyStatus\": \"NONE\","
                + " \"members\": [" + members + "]}";
    }

    private static String member(String id, String birthDate) {
        return "{\"memberId\": \"" + id + "\", \"birthDate\": \"" + birthDate + "\"}";
    }

    @Test
    void aDateBeforeEveryParameterHasAValueIsRefusedNamingTheFirstDateCovered() {
        // on 2019-06-01 neither a.later (from 2019-07-01) nor z.later (from 2020-01-01) has a value; every
        // parameter has one from the latest first date, 2020-01-01. Nothing else is checked.
        assertThat(check(household(member("m1", "2019-06-02")), LocalDate.of(2019, 6, 1))).containsExactly(
                "asOf: the ruleset covers assessment dates from 2020-01-01; 2019-06-01 is before it (parameters"
                        + " [a.later, z.later] have no value yet)（本规则集只核定 2020-01-01 及以后的日期，核定日期 2019-06-01 早于该日，"
                        + "无法核定（a.later、z.later 尚无取值））");
        assertThat(check(household(member("m1", "2019-06-02")), LocalDate.of(2019, 12, 31))).singleElement()
                .asString().contains("parameters [z.later] have no value yet");
        assertThat(check(household(member("m1", "1950-01-01")), LocalDate.of(2020, 1, 1))).isEmpty();
    }

    @Test
    void aMemberOfWorkingAgeMustHaveALabourCapacityBothEndsIncluded() {
        // on 2020-06-01: born 2004-06-02 is 15, 2004-06-01 is 16, 1960-06-02 is 59, 1960-06-01 is 60
        assertThat(check(household(String.join(",", member("a", "2004-06-02"), member("b", "2004-06-01"),
                member("c", "1960-06-02"), member("d", "1960-06-01"))), LocalDate.of(2020, 6, 1))).containsExactly(
                "members[1].laborCapacity: is required for a member aged 16–59 (this member is 16)（劳动年龄（16–59 周岁）"
                        + "成员必须填写劳动能力（该成员 16 周岁））",
                "members[2].laborCapacity: is required for a member aged 16–59 (this member is 59)（劳动年龄（16–59 周岁）"
                        + "成员必须填写劳动能力（该成员 59 周岁））");
        assertThat(check(household("{\"memberId\": \"b\", \"birthDate\": \"2004-06-01\", \"laborCapacity\": \"FULL\"}"),
                LocalDate.of(2020, 6, 1))).isEmpty();
    }

    @Test
    void nothingMayBeDatedAfterTheAssessment() {
        String h = "{\"householdId\": \"H1\", \"county\": \"东区\", \"residence\": \"URBAN\", \"povertyStatus\": \"RETURNED\","
                + " \"returnedDate\": \"2020-06-02\", \"members\": [" + member("a", "2020-06-02") + ", "
                + member("b", "2020-06-01") + ", {\"memberId\": \"c\", \"birthDate\": \"1950-01-01\", \"medicalCosts\": ["
                + item("2020-06-01") + ", " + item("2020-06-02") + "]}]}";
        // a member born after the date is not also asked for a labour capacity
        assertThat(check(h, LocalDate.of(2020, 6, 1))).containsExactly(
                "returnedDate: is after the assessment date 2020-06-01（返贫日期晚于核定日期 2020-06-01）",
                "members[0].birthDate: is after the assessment date 2020-06-01（出生日期晚于核定日期 2020-06-01）",
                "members[2].medicalCosts[1].date: is after the assessment date 2020-06-01（医疗费用日期晚于核定日期 2020-06-01）");
        // on the day itself all of them are allowed
        assertThat(check(h, LocalDate.of(2020, 6, 2))).isEmpty();
    }

    private static String item(String date) {
        return "{\"date\": \"" + date + "\", \"kind\": \"OUTPATIENT\", \"total\": 10, \"basicInsurance\": 0,"
                + " \"seriousIllnessInsurance\": 0, \"otherReimbursement\": 0}";
    }
}
