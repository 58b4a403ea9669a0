package cn.pzh.eligibility.model;

/** 户籍性质. */
public enum Residence implements Labelled {
    URBAN("城市"),
    RURAL("农村");

    private final String label;

    Residence(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
