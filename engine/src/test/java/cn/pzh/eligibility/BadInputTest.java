package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Each kind of bad input is refused with the household, the field path and the problem named. */
class BadInputTest {

    private static Ruleset ruleset;
    private static String example;

    @BeforeAll
    static void load() throws Exception {
        ruleset = Ruleset.load(Paths.RULES);
        example = Files.readString(Paths.EXAMPLE);
    }

    private static InvalidHouseholdException refused(Consumer<ObjectNode> edit) {
        ObjectNode h = (ObjectNode) Json.MAPPER.readTree(example);
        edit.accept(h);
        return catchThrowableOfType(InvalidHouseholdException.class,
                () -> ruleset.evaluate(HouseholdReader.read(h), LocalDate.of(2019, 10, 1)));
    }

    private static ObjectNode member(ObjectNode h, int i) {
        return (ObjectNode) h.get("members").get(i);
    }

    private static FieldError only(InvalidHouseholdException e) {
        assertThat(e).as("refused").isNotNull();
        assertThat(e.errors()).hasSize(1);
        assertThat(e.householdId()).isEqualTo("510411-2019-000123");
        assertThat(e.getMessage()).startsWith("household 510411-2019-000123: " + e.errors().get(0).path() + ": ");
        return e.errors().get(0);
    }

    @Test
    void unknownEnumValue() {
        FieldError e = only(refused(h -> ((ObjectNode) member(h, 0).get("disability")).put("certificate", "THIRD_GEN")));
        assertThat(e.path()).isEqualTo("members[0].disability.certificate");
        assertThat(e.message()).contains("unknown value 'THIRD_GEN'").contains("SECOND_GEN");
        assertThat(e.messageZh()).contains("未知取值");
    }

    @Test
    void gradeOutOfRange() {
        FieldError e = only(refused(h -> ((ObjectNode) member(h, 0).get("disability")).put("grade", 5)));
        assertThat(e.path()).isEqualTo("members[0].disability.grade");
        assertThat(e.message()).contains("1 to 4");
    }

    @Test
    void missingRequiredField() {
        FieldError e = only(refused(h -> member(h, 1).remove("birthDate")));
        assertThat(e.path()).isEqualTo("members[1].birthDate");
        assertThat(e.message()).isEqualTo("is required");
    }

    @Test
    void negativeAmount() {
        FieldError e = only(refused(h -> ((ObjectNode) h.get("incomes").get(0)).put("annualAmount", -1)));
        assertThat(e.path()).isEqualTo("incomes[0].annualAmount");
        assertThat(e.message()).contains("negative");
    }

    @Test
    void medicalItemAfterTheAssessmentDate() {
        FieldError e = only(refused(h -> ((ObjectNode) member(h, 0).get("medicalCosts").get(0)).put("date", "2019-10-02")));
        assertThat(e.path()).isEqualTo("members[0].medicalCosts[0].date");
        assertThat(e.message()).contains("after the assessment date 2019-10-01");
    }

    @Test
    void reimbursementsAboveTheTotal() {
        FieldError e = only(refused(h -> ((ObjectNode) member(h, 0).get("medicalCosts").get(0)).put("basicInsurance", 12000.01)));
        assertThat(e.path()).isEqualTo("members[0].medicalCosts[0]");
    }

    @Test
    void duplicateMemberId() {
        FieldError e = only(refused(h -> member(h, 2).put("memberId", "m1")));
        assertThat(e.path()).isEqualTo("members[2].memberId");
        assertThat(e.message()).contains("duplicate memberId 'm1'");
    }

    @Test
    void malformedDate() {
        FieldError e = only(refused(h -> member(h, 0).put("birthDate", "1958-02-30")));
        assertThat(e.path()).isEqualTo("members[0].birthDate");
        assertThat(e.message()).contains("YYYY-MM-DD");
    }

    @Test
    void aDateMustBeWrittenExactlyAsYyyyMmDd() {
        FieldError e = only(refused(h -> member(h, 0).put("birthDate", "+1958-03-14")));
        assertThat(e.path()).isEqualTo("members[0].birthDate");
    }

    @Test
    void unknownFieldIsRefusedByName() {
        FieldError e = only(refused(h -> member(h, 1).put("salary", 1)));
        assertThat(e.path()).isEqualTo("members[1].salary");
        assertThat(e.message()).isEqualTo("unknown field");
    }

    @Test
    void workingAgeMemberWithoutLabourCapacity() {
        FieldError e = only(refused(h -> member(h, 1).remove("laborCapacity")));
        assertThat(e.path()).isEqualTo("members[1].laborCapacity");
        assertThat(e.message()).contains("16–59").contains("33");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        InvalidHouseholdException e = refused(h -> {
            h.put("residence", "CITY");
            member(h, 0).put("birthDate", "yesterday");
            ((ArrayNode) h.get("incomes")).addObject().put("type", "LOTTERY").put("annualAmount", 1);
        });
        assertThat(e.errors()).extracting(FieldError::path)
                .containsExactlyInAnyOrder("residence", "members[0].birthDate", "incomes[2].type");
    }

    @Test
    void tooManyDecimalsAndHostileExponentsAreRefused() {
        assertThat(refused(h -> ((ObjectNode) h.get("incomes").get(0)).put("annualAmount", new java.math.BigDecimal("1.005")))
                .errors().get(0).message()).contains("2 decimal places");
        InvalidHouseholdException e = catchThrowableOfType(InvalidHouseholdException.class, () -> HouseholdReader.parse(
                example.replace("\"annualAmount\": 3600.00", "\"annualAmount\": 1e999999999")));
        assertThat(e.errors().get(0).path()).isEqualTo("incomes[0].annualAmount");
    }

    @Test
    void textThatIsNotJson() {
        InvalidHouseholdException e = catchThrowableOfType(InvalidHouseholdException.class,
                () -> HouseholdReader.parse("{\"householdId\": "));
        assertThat(e.householdId()).isNull();
        assertThat(e.errors().get(0).message()).startsWith("not valid JSON");
        JsonNode array = Json.MAPPER.readTree("[1]");
        assertThat(catchThrowableOfType(InvalidHouseholdException.class, () -> HouseholdReader.read(array))
                .errors().get(0).path()).isEqualTo("$");
    }

    @Test
    void aDateBeforeAnyRuleIsInForceIsRefusedOnAsOf() {
        InvalidHouseholdException e = catchThrowableOfType(InvalidHouseholdException.class,
                () -> ruleset.evaluate(HouseholdReader.parse(example), LocalDate.of(2015, 1, 1)));
        assertThat(e.errors()).extracting(FieldError::path).containsExactly("asOf");
    }

    @Test
    void anAbsurdlyLongListIsRefusedByName() {
        InvalidHouseholdException e = refused(h -> {
            ArrayNode incomes = (ArrayNode) h.get("incomes");
            for (int i = 0; i < 300; i++) {
                incomes.addObject().put("type", "WAGE").put("annualAmount", 1);
            }
        });
        assertThat(e.errors()).extracting(FieldError::path).containsExactly("incomes");
    }
}
