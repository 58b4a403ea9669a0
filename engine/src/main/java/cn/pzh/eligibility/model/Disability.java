package cn.pzh.eligibility.model;

/** {@code grade} and {@code category} are null only when there is no certificate. */
public record Disability(Certificate certificate, Integer grade, DisabilityCategory category, boolean needsLongTermCare) {

    /** What an absent {@code disability} means in the contract. */
    public static final Disability NONE = new Disability(Certificate.NONE, null, null, false);
}
