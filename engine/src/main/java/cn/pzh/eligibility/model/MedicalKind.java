package cn.pzh.eligibility.model;

/** 医疗费用类别. */
public enum MedicalKind implements Labelled {
    INPATIENT("住院"),
    CHRONIC_OUTPATIENT("慢性病门诊"),
    OUTPATIENT("普通门诊");

    private final String label;

    MedicalKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
