package cn.pzh.eligibility.model;

/** 在读学段. */
public enum Student implements Labelled {
    NONE("不在读"),
    PRESCHOOL("学前教育"),
    PRIMARY("小学"),
    JUNIOR_SECONDARY("初中"),
    SENIOR_SECONDARY("普通高中"),
    VOCATIONAL("中等职业教育"),
    TERTIARY("高等教育");

    private final String label;

    Student(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
