package cn.pzh.eligibility.model;

/** 收入类型. */
public enum IncomeType implements Labelled {
    WAGE("工资性收入"),
    BUSINESS("经营性收入"),
    AGRICULTURE("农业生产收入"),
    PROPERTY("财产性收入"),
    TRANSFER("转移性收入"),
    MAINTENANCE("赡养（抚养、扶养）费"),
    PENSION("养老金"),
    DISABILITY_SUBSIDY("残疾人补贴"),
    STUDENT_AID("学生资助"),
    TEMPORARY_ASSISTANCE("临时救助金"),
    SPECIAL_CARE_PENSION("优抚金"),
    FAMILY_PLANNING_REWARD("计划生育奖励扶助金"),
    OTHER("其他收入");

    private final String label;

    IncomeType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
