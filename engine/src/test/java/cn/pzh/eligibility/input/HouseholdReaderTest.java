package cn.pzh.eligibility.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.pzh.eligibility.model.Certificate;
import cn.pzh.eligibility.model.DisabilityCategory;
import cn.pzh.eligibility.model.HardshipCause;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.model.HousingSafety;
import cn.pzh.eligibility.model.IncomeType;
import cn.pzh.eligibility.model.LaborCapacity;
import cn.pzh.eligibility.model.MedicalKind;
import cn.pzh.eligibility.model.Member;
import cn.pzh.eligibility.model.PovertyStatus;
import cn.pzh.eligibility.model.Residence;
import cn.pzh.eligibility.model.Student;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The household contract (shared/spec) as the reader holds it: what a valid household becomes, and for each kind of
 * bad field the path and the message a caseworker or a client gets back. No rules are needed: the reader refuses
 * before any evaluation.
 */
class HouseholdReaderTest {

    /** A small valid household: one member, one income. */
    private static ObjectNode household() {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"householdId": "H1", "county": "东区", "residence": "URBAN", "povertyStatus": "NONE",
                 "incomes": [{"type": "WAGE", "annualAmount": 1200}],
                 "members": [{"memberId": "m1", "birthDate": "1950-05-06"}]}""");
    }

    private static ObjectNode member(ObjectNode h) {
        return (ObjectNode) h.get("members").get(0);
    }

    private static Household read(Consumer<ObjectNode> edit) {
        ObjectNode h = household();
        edit.accept(h);
        return HouseholdReader.parse(Json.MAPPER.writeValueAsString(h));
    }

    /** Every error of the refused household, as "path: message（messageZh）". */
    private static List<String> refused(Consumer<ObjectNode> edit) {
        ObjectNode h = household();
        edit.accept(h);
        InvalidHouseholdException e = catchThrowableOfType(InvalidHouseholdException.class,
                () -> HouseholdReader.parse(Json.MAPPER.writeValueAsString(h)));
        assertThat(e).as("refused").isNotNull();
        return e.errors().stream().map(FieldError::toString).toList();
    }

    private static String only(Consumer<ObjectNode> edit) {
        List<String> errors = refused(edit);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void theContractsExampleBecomesTheHouseholdItDescribes() throws Exception {
        Household h = HouseholdReader.parse(java.nio.file.Files.readString(cn.pzh.eligibility.Paths.EXAMPLE));
        assertThat(h.householdId()).isEqualTo("510411-2019-000123");
        assertThat(h.county()).isEqualTo("仁和区");
        assertThat(h.residence()).isEqualTo(Residence.RURAL);
        assertThat(h.povertyStatus()).isEqualTo(PovertyStatus.REGISTERED);
        assertThat(h.receivesDibao()).isFalse();
        assertThat(h.incomes()).extracting(i -> i.type() + " " + i.annualAmount().toPlainString())
                .containsExactly("AGRICULTURE 3600.00", "DISABILITY_SUBSIDY 960.00");
        assertThat(h.housingSafety()).isEqualTo(HousingSafety.B);
        assertThat(h.safeDrinkingWater()).isTrue();
        assertThat(h.hardship()).isNull();
        assertThat(h.returnedDate()).isNull();
        assertThat(h.members()).extracting(Member::memberId).containsExactly("m1", "m2", "m3");
        Member m1 = h.members().get(0);
        assertThat(m1.birthDate()).isEqualTo(LocalDate.of(1958, 3, 14));
        assertThat(m1.relation()).isEqualTo("HEAD");
        assertThat(m1.laborCapacity()).isEqualTo(LaborCapacity.PARTIAL);
        assertThat(m1.disability().certificate()).isEqualTo(Certificate.SECOND_GEN);
        assertThat(m1.disability().grade()).isEqualTo(2);
        assertThat(m1.disability().category()).isEqualTo(DisabilityCategory.PHYSICAL);
        assertThat(m1.disability().needsLongTermCare()).isTrue();
        assertThat(m1.chronicIllness()).isTrue();
        assertThat(m1.seriousIllness()).isFalse();
        assertThat(m1.residentPensionEnrolled()).isTrue();
        assertThat(m1.receivesBasicPension()).isTrue();
        assertThat(m1.medicalCosts()).singleElement().satisfies(c -> {
            assertThat(c.date()).isEqualTo(LocalDate.of(2019, 6, 2));
            assertThat(c.kind()).isEqualTo(MedicalKind.INPATIENT);
            assertThat(c.inCounty()).isTrue();
            assertThat(c.selfPay()).isEqualByComparingTo("3600");
        });
        Member m2 = h.members().get(1);
        assertThat(m2.seriousIllness()).isTrue();
        assertThat(m2.student()).isEqualTo(Student.NONE); // absent: not a student
        assertThat(m2.disability().certificate()).isEqualTo(Certificate.NONE); // absent: no disability
        assertThat(m2.disability().grade()).isNull();
        Member m3 = h.members().get(2);
        assertThat(m3.student()).isEqualTo(Student.PRIMARY);
        assertThat(m3.boarding()).isTrue();
        assertThat(m3.laborCapacity()).isNull();
        assertThat(m3.employed()).isFalse();
        assertThat(m3.medicalCosts()).isEmpty();
    }

    @Test
    void optionalFieldsLeftOutOrNullAreAbsentNotGuessed() {
        Household h = read(x -> x.putNull("housingSafety").putNull("safeDrinkingWater").putNull("hardship"));
        assertThat(h.housingSafety()).isNull();
        assertThat(h.safeDrinkingWater()).isNull();
        assertThat(h.hardship()).isNull();
        assertThat(h.receivesDibao()).isFalse();
        assertThat(read(x -> x.put("receivesDibao", true).put("safeDrinkingWater", false)))
                .satisfies(y -> {
                    assertThat(y.receivesDibao()).isTrue();
                    assertThat(y.safeDrinkingWater()).isFalse();
                });
        assertThat(read(x -> x.remove("incomes")).incomes()).isEmpty();
    }

    @Test
    void textIsTrimmedAndBoundedAndMustBeText() {
        assertThat(read(x -> x.put("householdId", "  H1 \t")).householdId()).isEqualTo("H1");
        assertThat(read(x -> member(x).put("relation", "")).members().get(0).relation()).isEmpty();
        String longest = "H".repeat(200);
        assertThat(read(x -> x.put("householdId", longest)).householdId()).isEqualTo(longest);
        assertThat(only(x -> x.put("householdId", "H".repeat(201))))
                .isEqualTo("householdId: is longer than 200 characters（长度超过 200 个字符）");
        assertThat(only(x -> x.put("householdId", "   "))).isEqualTo("householdId: must not be blank（不能为空白）");
        assertThat(only(x -> x.put("householdId", 123))).isEqualTo("householdId: must be a string（必须是文字）");
        assertThat(only(x -> x.putNull("householdId"))).isEqualTo("householdId: is required（必填项，不能为空）");
        assertThat(only(x -> x.put("county", "北京"))).isEqualTo("county: unknown county '北京', expected one of 东区 西区"
                + " 仁和区 米易县 盐边县（未知的县区“北京”，应为 东区、西区、仁和区、米易县、盐边县 之一）");
    }

    @Test
    void anEnumValueIsOneOfTheContractsWords() {
        assertThat(only(x -> x.put("residence", 1)))
                .isEqualTo("residence: must be one of URBAN RURAL（必须是以下取值之一：URBAN RURAL）");
        assertThat(only(x -> x.put("residence", "urban")))
                .isEqualTo("residence: unknown value 'urban', expected one of URBAN RURAL（未知取值“urban”，应为以下之一：URBAN RURAL）");
        String forty = "X".repeat(40);
        assertThat(only(x -> x.put("residence", forty))).startsWith("residence: unknown value '" + forty + "',");
        assertThat(only(x -> x.put("residence", forty + "Y"))).startsWith("residence: unknown value '" + forty + "…',");
        assertThat(read(x -> x.put("housingSafety", "D")).housingSafety()).isEqualTo(HousingSafety.D);
        assertThat(only(x -> x.put("housingSafety", "E"))).startsWith("housingSafety: unknown value 'E', expected one of A B C D");
    }

    @Test
    void aReturnedHouseholdAndOnlyItCarriesTheDateItReturned() {
        Household h = read(x -> x.put("povertyStatus", "RETURNED").put("returnedDate", "2019-03-01"));
        assertThat(h.povertyStatus()).isEqualTo(PovertyStatus.RETURNED);
        assertThat(h.returnedDate()).isEqualTo(LocalDate.of(2019, 3, 1));
        assertThat(only(x -> x.put("povertyStatus", "RETURNED"))).isEqualTo("returnedDate: is required when"
                + " povertyStatus is RETURNED (the date the household was registered again)（返贫户必须填写返贫日期（重新建档立卡的日期））");
        assertThat(only(x -> x.put("povertyStatus", "RETURNED").putNull("returnedDate")))
                .startsWith("returnedDate: is required when povertyStatus is RETURNED");
        assertThat(only(x -> x.put("povertyStatus", "EXITED").put("returnedDate", "2019-03-01")))
                .isEqualTo("returnedDate: is only for a RETURNED household (povertyStatus is EXITED)（只有返贫户"
                        + "（povertyStatus 为 RETURNED）填写返贫日期，该户为已标注脱贫户）");
        // an unreadable status is reported once, not again as a mismatch with the date
        assertThat(refused(x -> x.put("povertyStatus", "GONE").put("returnedDate", "2019-03-01")))
                .singleElement().asString().startsWith("povertyStatus: unknown value 'GONE'");
    }

    @Test
    void flagsAreTrueOrFalse() {
        assertThat(only(x -> member(x).put("employed", "yes")))
                .isEqualTo("members[0].employed: must be true or false（必须是 true 或 false）");
        assertThat(only(x -> x.put("safeDrinkingWater", 1)))
                .isEqualTo("safeDrinkingWater: must be true or false（必须是 true 或 false）");
        Member m = read(x -> member(x).put("employed", true).put("orphanGuarantee", true)
                .put("workInjuryNursingFee", true).put("extremelyPoorSupported", true).put("employeePension", true))
                .members().get(0);
        assertThat(m.employed()).isTrue();
        assertThat(m.orphanGuarantee()).isTrue();
        assertThat(m.workInjuryNursingFee()).isTrue();
        assertThat(m.extremelyPoorSupported()).isTrue();
        assertThat(m.employeePension()).isTrue();
        assertThat(m.boarding()).isFalse();
    }

    @Test
    void amountsAreYuanAndFenWithinBounds() {
        assertThat(only(x -> ((ObjectNode) x.get("incomes").get(0)).put("annualAmount", "1200")))
                .isEqualTo("incomes[0].annualAmount: must be a number of yuan（必须是以元为单位的数字）");
        assertThat(only(x -> ((ObjectNode) x.get("incomes").get(0)).put("annualAmount", new java.math.BigDecimal("-0.01"))))
                .isEqualTo("incomes[0].annualAmount: must not be negative, was -0.01（金额不能为负数（填写的是 -0.01））");
        assertThat(only(x -> ((ObjectNode) x.get("incomes").get(0)).put("annualAmount",
                new java.math.BigDecimal("1000000000000")))).isEqualTo("incomes[0].annualAmount: is too large (at most"
                        + " 999999999999.99)（金额过大（最多 999999999999.99 元））");
        assertThat(only(x -> ((ObjectNode) x.get("incomes").get(0)).put("annualAmount", new java.math.BigDecimal("1.001"))))
                .isEqualTo("incomes[0].annualAmount: has more than 2 decimal places (yuan and fen only)（小数超过两位（金额只到分））");
        assertThat(only(x -> ((ObjectNode) x.get("incomes").get(0)).remove("annualAmount")))
                .isEqualTo("incomes[0].annualAmount: is required（必填项，不能为空）");
        for (String ok : new String[] {"0", "999999999999.99", "1.10", "1.100", "0.01"}) {
            assertThat(read(x -> ((ObjectNode) x.get("incomes").get(0)).put("annualAmount", new java.math.BigDecimal(ok)))
                    .incomes().get(0).annualAmount()).isEqualByComparingTo(ok);
        }
        assertThat(read(x -> ((ObjectNode) x.get("incomes").get(0)).put("type", "DISABILITY_SUBSIDY"))
                .incomes().get(0).type()).isEqualTo(IncomeType.DISABILITY_SUBSIDY);
    }

    @Test
    void aCertifiedDisabilityHasAGradeFromOneToFourAndACategory() {
        Consumer<ObjectNode> second = x -> member(x).putObject("disability").put("certificate", "SECOND_GEN")
                .put("category", "VISUAL");
        for (int grade = 1; grade <= 4; grade++) {
            int g = grade;
            assertThat(read(second.andThen(x -> ((ObjectNode) member(x).get("disability")).put("grade", g)))
                    .members().get(0).disability().grade()).isEqualTo(grade);
        }
        String range = "members[0].disability.grade: must be a whole number from 1 to 4, was %s（必须是 1–4 之间的整数（填写的是 %s））";
        assertThat(only(second.andThen(x -> ((ObjectNode) member(x).get("disability")).put("grade", 0))))
                .isEqualTo(range.formatted("0", "0"));
        assertThat(only(second.andThen(x -> ((ObjectNode) member(x).get("disability")).put("grade", 5))))
                .isEqualTo(range.formatted("5", "5"));
        assertThat(only(second.andThen(x -> ((ObjectNode) member(x).get("disability")).put("grade", 2.5))))
                .isEqualTo(range.formatted("2.5", "2.5"));
        assertThat(only(second.andThen(x -> ((ObjectNode) member(x).get("disability")).put("grade", "2"))))
                .isEqualTo(range.formatted("\"2\"", "\"2\""));
        assertThat(only(second.andThen(x -> ((ObjectNode) member(x).get("disability")).put("grade", 4294967298L))))
                .isEqualTo(range.formatted("4294967298", "4294967298"));
        assertThat(only(second)).isEqualTo("members[0].disability.grade: is required（必填项，不能为空）");
        assertThat(refused(x -> member(x).putObject("disability").put("certificate", "FIRST_GEN")))
                .containsExactly("members[0].disability.grade: is required（必填项，不能为空）",
                        "members[0].disability.category: is required（必填项，不能为空）");
        // no certificate: grade and category may be left out
        Member none = read(x -> member(x).putObject("disability").put("certificate", "NONE")).members().get(0);
        assertThat(none.disability().certificate()).isEqualTo(Certificate.NONE);
        assertThat(none.disability().grade()).isNull();
        assertThat(none.disability().needsLongTermCare()).isFalse();
        // an unreadable certificate asks for nothing more
        assertThat(refused(x -> member(x).putObject("disability").put("certificate", "THIRD")))
                .singleElement().asString().startsWith("members[0].disability.certificate: unknown value 'THIRD'");
    }

    @Test
    void datesAreRealDatesWrittenYyyyMmDd() {
        String message = "members[0].birthDate: must be a date as YYYY-MM-DD, was '%s'（日期格式应为 YYYY-MM-DD 且须是真实日期（填写的是“%s”））";
        assertThat(only(x -> member(x).put("birthDate", "2019-13-01"))).isEqualTo(message.formatted("2019-13-01", "2019-13-01"));
        assertThat(only(x -> member(x).put("birthDate", "1950-5-6"))).isEqualTo(message.formatted("1950-5-6", "1950-5-6"));
        assertThat(only(x -> member(x).put("birthDate", 19500506))).isEqualTo(message.formatted("19500506", "19500506"));
        String forty = "1".repeat(40);
        assertThat(only(x -> member(x).put("birthDate", forty))).isEqualTo(message.formatted(forty, forty));
        assertThat(only(x -> member(x).put("birthDate", forty + "2")))
                .isEqualTo(message.formatted(forty + "…", forty + "…"));
        assertThat(read(x -> member(x).put("birthDate", "2000-02-29")).members().get(0).birthDate())
                .isEqualTo(LocalDate.of(2000, 2, 29));
    }

    @Test
    void listsAreListsOfObjectsAndBounded() {
        assertThat(only(x -> x.putObject("incomes"))).isEqualTo("incomes: must be a list（必须是列表）");
        assertThat(only(x -> ((ArrayNode) x.get("incomes")).add(5))).isEqualTo("incomes[1]: must be an object（必须是一个对象）");
        assertThat(only(x -> ((ArrayNode) x.get("members")).add("m2"))).isEqualTo("members[1]: must be an object（必须是一个对象）");
        assertThat(only(x -> member(x).putArray("disability"))).isEqualTo("members[0].disability: must be an object（必须是一个对象）");
        assertThat(only(x -> member(x).putArray("medicalCosts").add(1)))
                .isEqualTo("members[0].medicalCosts[0]: must be an object（必须是一个对象）");
        assertThat(only(x -> x.put("hardship", "fire"))).isEqualTo("hardship: must be an object（必须是一个对象）");
        assertThat(only(x -> x.putArray("members"))).isEqualTo("members: a household has at least one member（家庭至少要有一名成员）");
        assertThat(only(x -> x.remove("members"))).isEqualTo("members: is required（必填项，不能为空）");
        assertThat(only(x -> x.put("members", "m1"))).isEqualTo("members: must be a list（必须是列表）");
        Consumer<ObjectNode> incomes200 = x -> {
            ArrayNode a = x.putArray("incomes");
            for (int i = 0; i < 200; i++) {
                a.addObject().put("type", "WAGE").put("annualAmount", 1);
            }
        };
        assertThat(read(incomes200).incomes()).hasSize(200);
        assertThat(only(incomes200.andThen(x -> ((ArrayNode) x.get("incomes")).addObject().put("type", "WAGE")
                .put("annualAmount", 1)))).isEqualTo("incomes: has 201 entries, at most 200 are accepted（条目过多（201 条，最多 200 条））");
    }

    @Test
    void unknownFieldsAreNamedWhereverTheyAre() {
        assertThat(refused(x -> {
            x.put("income", 1);
            ((ObjectNode) x.get("incomes").get(0)).put("amount", 1);
            member(x).put("name", "x");
            member(x).putObject("disability").put("certificate", "NONE").put("level", 1);
            member(x).putArray("medicalCosts").addObject().put("date", "2019-01-01").put("kind", "OUTPATIENT")
                    .put("total", 10).put("basicInsurance", 0).put("seriousIllnessInsurance", 0)
                    .put("otherReimbursement", 0).put("hospital", "x");
            x.putObject("hardship").put("cause", "FIRE").put("date", "2019-01-01").put("uncoveredExpense", 1)
                    .put("photo", "x");
        })).containsExactly("income: unknown field（未知字段（契约中没有这个字段））",
                "incomes[0].amount: unknown field（未知字段（契约中没有这个字段））",
                "hardship.photo: unknown field（未知字段（契约中没有这个字段））",
                "members[0].name: unknown field（未知字段（契约中没有这个字段））",
                "members[0].disability.level: unknown field（未知字段（契约中没有这个字段））",
                "members[0].medicalCosts[0].hospital: unknown field（未知字段（契约中没有这个字段））");
    }

    @Test
    void aHardshipAndAMedicalItemAreReadWhole() {
        Household h = read(x -> {
            x.putObject("hardship").put("cause", "ILLNESS").put("date", "2019-08-01").put("uncoveredExpense", 5000);
            member(x).putArray("medicalCosts").addObject().put("date", "2019-06-02").put("kind", "CHRONIC_OUTPATIENT")
                    .put("inCounty", false).put("total", 1000).put("basicInsurance", 600)
                    .put("seriousIllnessInsurance", 300).put("otherReimbursement", 100);
        });
        assertThat(h.hardship().cause()).isEqualTo(HardshipCause.ILLNESS);
        assertThat(h.hardship().date()).isEqualTo(LocalDate.of(2019, 8, 1));
        assertThat(h.hardship().uncoveredExpense()).isEqualByComparingTo("5000");
        // reimbursements that use up the whole total leave nothing to pay, which is allowed
        assertThat(h.members().get(0).medicalCosts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MedicalKind.CHRONIC_OUTPATIENT);
            assertThat(c.inCounty()).isFalse();
            assertThat(c.selfPay()).isEqualByComparingTo("0");
        });
        assertThat(only(x -> member(x).putArray("medicalCosts").addObject().put("date", "2019-06-02")
                .put("kind", "INPATIENT").put("total", 1000).put("basicInsurance", 600)
                .put("seriousIllnessInsurance", 300).put("otherReimbursement", 100.01)))
                .isEqualTo("members[0].medicalCosts[0]: reimbursements (1000.01) exceed the total (1000)（各项报销合计 1000.01 元超过医疗总费用 1000 元）");
        assertThat(refused(x -> x.putObject("hardship")))
                .containsExactly("hardship.cause: is required（必填项，不能为空）", "hardship.date: is required（必填项，不能为空）",
                        "hardship.uncoveredExpense: is required（必填项，不能为空）");
    }

    @Test
    void aRepeatedMemberIdNamesTheFirstMemberThatHasIt() {
        Consumer<ObjectNode> four = x -> {
            ArrayNode m = (ArrayNode) x.get("members");
            for (String id : new String[] {"m2", "m1", "m1"}) {
                m.addObject().put("memberId", id).put("birthDate", "1950-01-01");
            }
        };
        assertThat(refused(four)).containsExactly(
                "members[2].memberId: duplicate memberId 'm1' (also members[0])（成员编号“m1”重复（与 members[0] 相同））",
                "members[3].memberId: duplicate memberId 'm1' (also members[0])（成员编号“m1”重复（与 members[0] 相同））");
        // members without an id are each missing one, not duplicates of each other
        assertThat(refused(x -> {
            member(x).remove("memberId");
            ((ArrayNode) x.get("members")).addObject().put("birthDate", "1950-01-01");
        })).containsExactly("members[0].memberId: is required（必填项，不能为空）",
                "members[1].memberId: is required（必填项，不能为空）");
    }

    @Test
    void theRefusalNamesTheHouseholdAndEveryProblem() {
        ObjectNode h = household();
        h.put("county", "北京");
        member(h).put("birthDate", "x");
        InvalidHouseholdException e = catchThrowableOfType(InvalidHouseholdException.class,
                () -> HouseholdReader.parse(Json.MAPPER.writeValueAsString(h)));
        assertThat(e.householdId()).isEqualTo("H1");
        assertThat(e.getMessage()).startsWith("household H1: county: unknown county '北京'")
                .contains("\nhousehold H1: members[0].birthDate: must be a date as YYYY-MM-DD, was 'x'");
        h.remove("householdId");
        InvalidHouseholdException noId = catchThrowableOfType(InvalidHouseholdException.class,
                () -> HouseholdReader.parse(Json.MAPPER.writeValueAsString(h)));
        assertThat(noId.householdId()).isNull();
        assertThat(noId.getMessage()).startsWith("household (no householdId): householdId: is required");
    }

    @Test
    void textThatIsNotAJsonObjectIsRefusedWithWhereTheParserStopped() {
        InvalidHouseholdException e = catchThrowableOfType(InvalidHouseholdException.class,
                () -> HouseholdReader.parse("{\"householdId\": \"H1\",\n \"county\": tru\n}"));
        assertThat(e.householdId()).isNull();
        FieldError f = e.errors().get(0);
        assertThat(f.path()).isEqualTo("$");
        assertThat(f.message()).startsWith("not valid JSON at line 2, column ");
        assertThat(f.message()).doesNotContain("\n");
        assertThat(f.messageZh()).startsWith("不是有效的 JSON（at line 2, column ").endsWith("）");
        for (String notAnObject : new String[] {"[1]", "\"H1\"", "null", "7"}) {
            assertThat(catchThrowableOfType(InvalidHouseholdException.class, () -> HouseholdReader.parse(notAnObject))
                    .errors()).extracting(FieldError::toString)
                    .containsExactly("$: a household must be a JSON object（家庭信息必须是一个 JSON 对象）");
        }
    }
}
