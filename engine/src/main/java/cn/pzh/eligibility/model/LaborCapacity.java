package cn.pzh.eligibility.model;

/** 劳动能力. */
public enum LaborCapacity implements Labelled {
    FULL("有劳动能力"),
    PARTIAL("部分丧失劳动能力"),
    NONE("无劳动能力");

    private final String label;

    LaborCapacity(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
