package cn.pzh.eligibility.model;

/** 住房安全等级（危房鉴定）. */
public enum HousingSafety implements Labelled {
    A("A级"),
    B("B级"),
    C("C级"),
    D("D级");

    private final String label;

    HousingSafety(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
