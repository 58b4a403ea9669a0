package cn.pzh.eligibility.model;

import java.math.BigDecimal;
import java.time.LocalDate;

public record MedicalCost(
        LocalDate date,
        MedicalKind kind,
        boolean inCounty,
        BigDecimal total,
        BigDecimal basicInsurance,
        BigDecimal seriousIllnessInsurance,
        BigDecimal otherReimbursement) {

    /** What is left for the patient after every reimbursement (the reader refuses items where it is negative). */
    public BigDecimal selfPay() {
        return total.subtract(basicInsurance).subtract(seriousIllnessInsurance).subtract(otherReimbursement);
    }
}
