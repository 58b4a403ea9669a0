package cn.pzh.eligibility.model;

/** 残疾人证. */
public enum Certificate implements Labelled {
    NONE("无残疾人证"),
    FIRST_GEN("第一代残疾人证"),
    SECOND_GEN("第二代残疾人证");

    private final String label;

    Certificate(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
