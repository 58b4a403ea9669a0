package cn.pzh.eligibility.model;

import java.time.LocalDate;
import java.util.List;

/** {@code laborCapacity} may be null for members outside working age; {@code relation} is free text. */
public record Member(
        String memberId,
        LocalDate birthDate,
        String relation,
        LaborCapacity laborCapacity,
        boolean employed,
        Student student,
        boolean boarding,
        Disability disability,
        boolean seriousIllness,
        boolean chronicIllness,
        boolean employeePension,
        boolean residentPensionEnrolled,
        boolean receivesBasicPension,
        boolean extremelyPoorSupported,
        boolean orphanGuarantee,
        boolean workInjuryNursingFee,
        List<MedicalCost> medicalCosts) {

    public Member {
        medicalCosts = List.copyOf(medicalCosts);
    }
}
