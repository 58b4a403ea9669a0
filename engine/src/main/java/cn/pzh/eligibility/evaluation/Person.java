package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.model.Certificate;
import cn.pzh.eligibility.model.DisabilityCategory;
import cn.pzh.eligibility.model.LaborCapacity;
import cn.pzh.eligibility.model.Member;
import cn.pzh.eligibility.model.Student;
import cn.pzh.eligibility.model.Ages;

/** One member of the household being assessed, with the age completed on the assessment date. */
public final class Person {

    private final Case kase;
    private final Member member;
    private final int index;
    private final int age;

    public Person(Case kase, Member member, int index) {
        this.kase = kase;
        this.member = member;
        this.index = index;
        this.age = Ages.completedYears(member.birthDate(), kase.getAsOf());
    }

    public Case getKase() {
        return kase;
    }

    public Member getMember() {
        return member;
    }

    public int getIndex() {
        return index;
    }

    public String getMemberId() {
        return member.memberId();
    }

    public int getAge() {
        return age;
    }

    public LaborCapacity getLaborCapacity() {
        return member.laborCapacity();
    }

    public boolean isEmployed() {
        return member.employed();
    }

    public Student getStudent() {
        return member.student();
    }

    public boolean isBoarding() {
        return member.boarding();
    }

    public Certificate getCertificate() {
        return member.disability().certificate();
    }

    /** 0 when there is no grade (no disability recorded). */
    public int getGrade() {
        return member.disability().grade() == null ? 0 : member.disability().grade();
    }

    public DisabilityCategory getCategory() {
        return member.disability().category();
    }

    public boolean isNeedsLongTermCare() {
        return member.disability().needsLongTermCare();
    }

    public boolean isSeriousIllness() {
        return member.seriousIllness();
    }

    public boolean isChronicIllness() {
        return member.chronicIllness();
    }

    public boolean isEmployeePension() {
        return member.employeePension();
    }

    public boolean isResidentPensionEnrolled() {
        return member.residentPensionEnrolled();
    }

    public boolean isReceivesBasicPension() {
        return member.receivesBasicPension();
    }

    public boolean isExtremelyPoorSupported() {
        return member.extremelyPoorSupported();
    }

    public boolean isOrphanGuarantee() {
        return member.orphanGuarantee();
    }

    public boolean isWorkInjuryNursingFee() {
        return member.workInjuryNursingFee();
    }

    // ---- age tests against parameters, so that no age is written in a rule ----

    /** Age within [min, max] of two integer parameters, both ends included. */
    public boolean ageIn(String minParam, String maxParam) {
        return age >= kase.integer(minParam) && age <= kase.integer(maxParam);
    }

    public boolean ageAtLeast(String param) {
        return age >= kase.integer(param);
    }

    public boolean ageBelow(String param) {
        return age < kase.integer(param);
    }

    public boolean ageAbove(String param) {
        return age > kase.integer(param);
    }

    /** How a relation to the head of household is said; the member id only when the input gives none. */
    private static final java.util.Map<String, String> RELATIONS = java.util.Map.of("HEAD", "户主", "SPOUSE",
            "户主的配偶", "CHILD", "户主的子女", "PARENT", "户主的父母", "GRANDCHILD", "户主的孙子女", "GRANDPARENT",
            "户主的祖父母", "SIBLING", "户主的兄弟姐妹");

    private String who;

    /**
     * The member as a caseworker says it to the family: "户主（61 周岁）", "户主的子女（12 周岁）"; the member id only when
     * the input gives no relation, or to tell apart two members of the same relation and age. Names are personal
     * data of the register and never enter a determination.
     */
    public String who() {
        String w = who;
        if (w == null) {
            String relation = member.relation() == null ? null : RELATIONS.get(member.relation());
            if (relation == null) {
                w = "成员 " + member.memberId() + "（" + age + " 周岁）";
            } else {
                boolean twin = false;
                for (Member other : kase.getHousehold().members()) {
                    if (other != member && member.relation().equals(other.relation())
                            && Ages.completedYears(other.birthDate(), kase.getAsOf()) == age) {
                        twin = true;
                        break;
                    }
                }
                w = relation + "（" + age + " 周岁" + (twin ? "，成员 " + member.memberId() : "") + "）";
            }
            who = w;
        }
        return w;
    }

    /** "第二代残疾人证（肢体残疾 2 级）"; "无残疾人证" when there is no certificate. */
    public String disabilityText() {
        var d = member.disability();
        String what = (d.category() == null ? "" : d.category().label()) + (d.grade() == null ? ""
                : (d.category() == null ? "残疾 " : " ") + d.grade() + " 级");
        if (d.certificate() == Certificate.NONE) {
            return "无残疾人证";
        }
        return d.certificate().label() + (what.isEmpty() ? "" : "（" + what + "）");
    }

    /** "持第一代残疾人证（视力残疾 2 级）", or "有肢体残疾 2 级，但无残疾人证": follows the member in a sentence. */
    public String holds() {
        var d = member.disability();
        if (d.certificate() == Certificate.NONE) {
            String what = (d.category() == null ? "残疾" : d.category().label())
                    + (d.grade() == null ? "" : " " + d.grade() + " 级");
            return "有" + what + "，但无残疾人证";
        }
        return "持" + disabilityText();
    }

    @Override
    public String toString() {
        return "Person[" + kase.getHouseholdId() + "/" + member.memberId() + "]";
    }
}
