package cn.pzh.eligibility.model;

/** 建档立卡状态. */
public enum PovertyStatus implements Labelled {
    NONE("非建档立卡户"),
    REGISTERED("建档立卡贫困户（未标注脱贫）"),
    EXITED("已标注脱贫户"),
    RETURNED("返贫户");

    private final String label;

    PovertyStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
