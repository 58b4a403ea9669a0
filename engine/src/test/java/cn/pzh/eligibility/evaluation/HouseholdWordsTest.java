package cn.pzh.eligibility.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.params.ParamType;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Parameter;
import cn.pzh.eligibility.params.ParameterSet;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the household, its members, its dates and its medical items are said in an explanation, and the age and date
 * tests rules ask, for the shapes the real rule files and test-cases do not all reach: ranges whose ends differ in
 * date or unit, members without a relation or a certificate, items outside the county. Parameters are written here.
 */
class HouseholdWordsTest {

    static final LocalDate AS_OF = LocalDate.of(2020, 6, 1);

    private static Parameter parameter(String name, String description, String unit, ParamType type, String from,
            Object value) {
        return new Parameter(name, description, unit, type, List.of(new ParamValue(name, description, unit, type,
                LocalDate.parse(from), value, "r", "f.yaml", 1)), "f.yaml", 1);
    }

    static final ParameterSet PARAMETERS;

    static {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("age.min", parameter("age.min", "下限", "周岁", ParamType.integer, "2019-01-01", 16));
        p.put("age.max", parameter("age.max", "上限", "周岁", ParamType.integer, "2019-01-01", 59));
        p.put("age.later_max", parameter("age.later_max", "上限", "周岁", ParamType.integer, "2020-01-01", 60));
        p.put("age.years_max", parameter("age.years_max", "上限", "年", ParamType.integer, "2019-01-01", 59));
        p.put("lookback", parameter("lookback", "回溯年限", "年", ParamType.integer, "2019-01-01", 1));
        p.put("campaign.end", parameter("campaign.end", "攻坚期结束", null, ParamType.date, "2019-01-01",
                LocalDate.of(2020, 6, 1)));
        p.put("switch", parameter("switch", "开关", null, ParamType.flag, "2019-01-01", true));
        p.put("types", parameter("types", "类型", null, ParamType.codes, "2019-01-01", List.of("WAGE")));
        PARAMETERS = new ParameterSet(p);
    }

    private static Case kase(String json) {
        return new Case(HouseholdReader.parse(json), AS_OF, PARAMETERS.at(AS_OF));
    }

    private static String household(String members, String more) {
        return "{\"householdId\": \"H\", \"county\": \"东区\", \"residence\": \"RURAL\", \"povertyStatus\": \"REGISTERED\""
                + more + ", \"members\": [" + members + "]}";
    }

    private static Person person(Case c, int i) {
        return new Person(c, c.getHousehold().members().get(i), i);
    }

    @Test
    void aRangeIsSaidOnceWhenBothEndsShareADateAndAUnitAndInFullOtherwise() {
        Case c = kase(household("{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\"}", ""));
        assertThat(c.range("age.min", "age.max")).isEqualTo("16 至 59 周岁（自 2019-01-01 起执行）");
        assertThat(c.range("age.min", "age.later_max"))
                .isEqualTo("16 周岁（自 2019-01-01 起执行）至 60 周岁（自 2020-01-01 起执行）");
        assertThat(c.range("age.min", "age.years_max")).isEqualTo("16 周岁（自 2019-01-01 起执行）至 59 年（自 2019-01-01 起执行）");
        assertThat(c.show("age.max")).isEqualTo("59 周岁（自 2019-01-01 起执行）");
        assertThat(c.cite("age.max")).isEqualTo("上限 59 周岁（自 2019-01-01 起执行）");
        assertThat(c.param("age.max").value()).isEqualTo(59);
        assertThat(c.amount("age.max").getValue()).isEqualByComparingTo("59");
        assertThat(c.integer("age.min")).isEqualTo(16);
        assertThat(c.flag("switch")).isTrue();
        assertThat(c.codes("types")).containsExactly("WAGE");
        assertThat(c.date("campaign.end")).isEqualTo(LocalDate.of(2020, 6, 1));
        assertThat(c.describe()).isEqualTo("该户（农村户籍，建档立卡贫困户（未标注脱贫），共 1 人）");
        assertThat(c.members().getText()).isEqualTo("1 人");
        assertThat(c.toString()).isEqualTo("Case[H @ 2020-06-01]");
    }

    @Test
    void theAssessmentDateAgainstADateParameterCountsTheDayItself() {
        Case c = kase(household("{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\"}", ""));
        // campaign.end is the assessment date itself: not after it and not before it
        assertThat(c.notAfter("campaign.end")).isTrue();
        assertThat(c.notBefore("campaign.end")).isTrue();
        Case later = new Case(c.getHousehold(), AS_OF.plusDays(1), PARAMETERS.at(AS_OF.plusDays(1)));
        assertThat(later.notAfter("campaign.end")).isFalse();
        assertThat(later.notBefore("campaign.end")).isTrue();
        Case earlier = new Case(c.getHousehold(), AS_OF.minusDays(1), PARAMETERS.at(AS_OF.minusDays(1)));
        assertThat(earlier.notAfter("campaign.end")).isTrue();
        assertThat(earlier.notBefore("campaign.end")).isFalse();
    }

    @Test
    void aLookBackWindowStartsTheDayAfterTheSameDayYearsBeforeAndEndsOnTheAssessmentDate() {
        // one year back from 2020-06-01: from 2019-06-02 to 2020-06-01, both included
        String m = "{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\"}";
        assertThat(kase(household(m, "")).windowStart("lookback")).isEqualTo(LocalDate.of(2019, 6, 2));
        for (String[] c : new String[][] {{"2019-06-01", "false"}, {"2019-06-02", "true"}, {"2020-06-01", "true"}}) {
            Case k = kase(household(m, ", \"hardship\": {\"cause\": \"FIRE\", \"date\": \"" + c[0]
                    + "\", \"uncoveredExpense\": 5000}"));
            assertThat(k.hardshipWithin("lookback")).as(c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
            assertThat(k.hardshipExpense().show()).isEqualTo("5,000.00 元");
        }
        assertThat(kase(household(m, "")).hardshipWithin("lookback")).isFalse();
        // a returned date after the assessment date is outside the window (the reader's date checks refuse it too)
        Household after = HouseholdReader.parse(household(m, "").replace("\"REGISTERED\"", "\"RETURNED\", \"returnedDate\":"
                + " \"2020-06-02\""));
        assertThat(new Case(after, AS_OF, PARAMETERS.at(AS_OF)).returnedWithin("lookback")).isFalse();
        Household inside = HouseholdReader.parse(household(m, "").replace("\"REGISTERED\"", "\"RETURNED\", \"returnedDate\":"
                + " \"2019-06-02\""));
        Case k = new Case(inside, AS_OF, PARAMETERS.at(AS_OF));
        assertThat(k.returnedWithin("lookback")).isTrue();
        assertThat(k.getReturnedDate()).isEqualTo(LocalDate.of(2019, 6, 2));
        assertThat(kase(household(m, "")).returnedWithin("lookback")).isFalse();
    }

    @Test
    void agesAgainstParametersIncludeOrExcludeTheBoundsAsNamed() {
        // on 2020-06-01: 16 (born 2004-06-01), 15 (born 2004-06-02), 59 (1960-06-02), 60 (1960-06-01)
        Case c = kase(household(String.join(",", "{\"memberId\": \"a\", \"birthDate\": \"2004-06-01\"}",
                "{\"memberId\": \"b\", \"birthDate\": \"2004-06-02\"}", "{\"memberId\": \"c\", \"birthDate\": \"1960-06-02\"}",
                "{\"memberId\": \"d\", \"birthDate\": \"1960-06-01\"}"), ""));
        Person a = person(c, 0);
        Person b = person(c, 1);
        Person d59 = person(c, 2);
        Person d60 = person(c, 3);
        assertThat(List.of(a.getAge(), b.getAge(), d59.getAge(), d60.getAge())).containsExactly(16, 15, 59, 60);
        assertThat(List.of(a.ageIn("age.min", "age.max"), b.ageIn("age.min", "age.max"), d59.ageIn("age.min", "age.max"),
                d60.ageIn("age.min", "age.max"))).containsExactly(true, false, true, false);
        assertThat(a.ageAtLeast("age.min")).isTrue();
        assertThat(b.ageAtLeast("age.min")).isFalse();
        assertThat(a.ageBelow("age.min")).isFalse();
        assertThat(b.ageBelow("age.min")).isTrue();
        assertThat(d59.ageAbove("age.max")).isFalse();
        assertThat(d60.ageAbove("age.max")).isTrue();
        assertThat(a.getIndex()).isZero();
        assertThat(d60.getIndex()).isEqualTo(3);
        assertThat(a.getMemberId()).isEqualTo("a");
        assertThat(a.toString()).isEqualTo("Person[H/a]");
    }

    @Test
    void aMemberIsSaidByRelationAndAgeAndByIdOnlyWhenNeeded() {
        Case c = kase(household(String.join(",",
                "{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\", \"relation\": \"HEAD\"}",
                "{\"memberId\": \"m2\", \"birthDate\": \"2010-03-01\", \"relation\": \"CHILD\"}",
                "{\"memberId\": \"m3\", \"birthDate\": \"2010-05-01\", \"relation\": \"CHILD\"}",
                "{\"memberId\": \"m4\", \"birthDate\": \"2012-05-01\", \"relation\": \"CHILD\"}",
                "{\"memberId\": \"m5\", \"birthDate\": \"1980-01-01\", \"relation\": \"NEIGHBOUR\"}",
                "{\"memberId\": \"m6\", \"birthDate\": \"1980-01-01\"}"), ""));
        assertThat(person(c, 0).who()).isEqualTo("户主（70 周岁）");
        // m2 and m3 are both children of 10: told apart by id; m4 is 8
        assertThat(person(c, 1).who()).isEqualTo("户主的子女（10 周岁，成员 m2）");
        assertThat(person(c, 2).who()).isEqualTo("户主的子女（10 周岁，成员 m3）");
        assertThat(person(c, 3).who()).isEqualTo("户主的子女（8 周岁）");
        // a relation the contract does not name, or none: by id
        assertThat(person(c, 4).who()).isEqualTo("成员 m5（40 周岁）");
        assertThat(person(c, 5).who()).isEqualTo("成员 m6（40 周岁）");
    }

    @Test
    void aDisabilityIsSaidWithWhatIsKnownOfIt() {
        Case c = kase(household(String.join(",",
                "{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\", \"disability\": {\"certificate\": \"FIRST_GEN\","
                        + " \"grade\": 2, \"category\": \"VISUAL\", \"needsLongTermCare\": true}}",
                "{\"memberId\": \"m2\", \"birthDate\": \"1950-01-01\", \"disability\": {\"certificate\": \"NONE\","
                        + " \"grade\": 3, \"category\": \"PHYSICAL\"}}",
                "{\"memberId\": \"m3\", \"birthDate\": \"1950-01-01\", \"disability\": {\"certificate\": \"NONE\","
                        + " \"grade\": 3}}",
                "{\"memberId\": \"m4\", \"birthDate\": \"1950-01-01\"}",
                "{\"memberId\": \"m5\", \"birthDate\": \"1950-01-01\", \"disability\": {\"certificate\": \"NONE\","
                        + " \"category\": \"MENTAL\"}}"), ""));
        Person p1 = person(c, 0);
        assertThat(p1.disabilityText()).isEqualTo("第一代残疾人证（视力残疾 2 级）");
        assertThat(p1.holds()).isEqualTo("持第一代残疾人证（视力残疾 2 级）");
        assertThat(p1.getGrade()).isEqualTo(2);
        assertThat(p1.isNeedsLongTermCare()).isTrue();
        assertThat(person(c, 1).disabilityText()).isEqualTo("无残疾人证");
        assertThat(person(c, 1).holds()).isEqualTo("有肢体残疾 3 级，但无残疾人证");
        assertThat(person(c, 2).holds()).isEqualTo("有残疾 3 级，但无残疾人证");
        assertThat(person(c, 3).disabilityText()).isEqualTo("无残疾人证");
        assertThat(person(c, 3).getGrade()).isZero();
        assertThat(person(c, 4).holds()).isEqualTo("有精神残疾，但无残疾人证");
    }

    @Test
    void aMedicalItemIsSaidWithItsDatePlaceKindAndTotalAndItsSelfPayShowsOnlyWhatWasPaid() {
        Case c = kase(household("{\"memberId\": \"m1\", \"birthDate\": \"1950-01-01\", \"medicalCosts\": ["
                + "{\"date\": \"2020-03-02\", \"kind\": \"INPATIENT\", \"inCounty\": true, \"total\": 12000,"
                + " \"basicInsurance\": 8400, \"seriousIllnessInsurance\": 0, \"otherReimbursement\": 100.5},"
                + "{\"date\": \"2019-12-31\", \"kind\": \"OUTPATIENT\", \"inCounty\": false, \"total\": 300,"
                + " \"basicInsurance\": 0, \"seriousIllnessInsurance\": 50, \"otherReimbursement\": 0}]}", ""));
        Person p = person(c, 0);
        MedicalItem in = new MedicalItem(p, p.getMember().medicalCosts().get(0), 0, 1);
        MedicalItem out = new MedicalItem(p, p.getMember().medicalCosts().get(1), 1, 0);
        assertThat(in.describe()).isEqualTo("2020-03-02 县域内住院费用 12,000 元");
        assertThat(out.describe()).isEqualTo("2019-12-31 县域外普通门诊费用 300 元");
        assertThat(in.selfPay().show()).isEqualTo("12,000 元 − 8,400 元 − 100.50 元 = 3,499.50 元");
        assertThat(out.selfPay().show()).isEqualTo("300 元 − 50 元 = 250.00 元");
        assertThat(in.getSelfPayValue()).isEqualByComparingTo("3499.5");
        assertThat(in.total().show()).isEqualTo("12,000.00 元");
        assertThat(in.isInAssessmentYear()).isTrue();
        assertThat(out.isInAssessmentYear()).isFalse();
        assertThat(out.getYear()).isEqualTo(2019);
        assertThat(in.isInCounty()).isTrue();
        assertThat(out.isInCounty()).isFalse();
        assertThat(in.getSeq()).isEqualTo(1);
        assertThat(in.getCostItem()).isZero();
        assertThat(out.getDate()).isEqualTo(LocalDate.of(2019, 12, 31));
    }
}
