package cn.pzh.eligibility.model;

/** 突发困难原因. */
public enum HardshipCause implements Labelled {
    FIRE("火灾"),
    ACCIDENT("意外事故"),
    ILLNESS("疾病"),
    DISASTER("自然灾害"),
    OTHER("其他");

    private final String label;

    HardshipCause(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
