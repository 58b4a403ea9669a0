package cn.pzh.eligibility.rules;

/** A rule as policy staff wrote it: its Chinese name, its clause, and where it stands. */
public record RuleInfo(String name, String clause, String file, int line) {
}
