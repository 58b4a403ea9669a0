package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.model.Certificate;
import cn.pzh.eligibility.model.DisabilityCategory;
import cn.pzh.eligibility.model.LaborCapacity;
import cn.pzh.eligibility.model.Member;
import cn.pzh.eligibility.model.Student;
import java.time.Period;

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
        // Whole years completed: the birthday itself counts; 29 February is reached on 1 March in common years.
        this.age = Period.between(member.birthDate(), kase.getAsOf()).getYears();
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

    /** "成员 m1（61 周岁）". */
    public String who() {
        return "成员 " + member.memberId() + "（" + age + " 周岁）";
    }

    /** "第二代残疾人证 肢体残疾 2 级". */
    public String disabilityText() {
        var d = member.disability();
        if (d.certificate() == Certificate.NONE && d.grade() == null) {
            return "无残疾人证";
        }
        return d.certificate().label() + (d.category() == null ? "" : " " + d.category().label())
                + (d.grade() == null ? "" : " " + d.grade() + " 级");
    }

    @Override
    public String toString() {
        return "Person[" + kase.getHouseholdId() + "/" + member.memberId() + "]";
    }
}
