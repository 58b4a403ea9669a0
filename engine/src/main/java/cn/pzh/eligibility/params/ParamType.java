package cn.pzh.eligibility.params;

/** What a parameter's values are; decides how they are read from YAML and shown to a caseworker. */
public enum ParamType {
    /** Yuan, exact decimal. */
    amount,
    /** A fraction such as 0.70, shown as a percentage. */
    rate,
    /** A whole number: ages, months. */
    integer,
    date,
    /** A yes/no switch. */
    flag,
    /** A list of contract codes (income types). */
    codes
}
