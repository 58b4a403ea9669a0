package cn.pzh.eligibility.testcases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One household case with the results worked out by hand (test-cases/README.md describes the file). */
public record TestCase(String file, String name, String clause, LocalDate asOf, Map<String, Object> parameters,
        JsonNode household, Expect expect) {

    /** {@code entitlements} and {@code advisories} null: not checked. {@code error} set: a bad-input case. */
    public record Expect(List<ExpectedGrant> entitlements, List<ExpectedAdvice> advisories,
            List<ExpectedRefusal> notGranted, Totals totals, String error) {
    }

    public record ExpectedGrant(String code, String memberId, BigDecimal amount, Integer costItem, int line) {
        @Override
        public String toString() {
            return code + (memberId == null ? "" : " " + memberId) + (costItem == null ? "" : " item " + costItem)
                    + " " + amount.toPlainString();
        }
    }

    public record ExpectedAdvice(String code, String memberId, int line) {
        @Override
        public String toString() {
            return code + (memberId == null ? "" : " " + memberId);
        }
    }

    public record ExpectedRefusal(String code, String memberId, String reasonContains, int line) {
        @Override
        public String toString() {
            return code + (memberId == null ? "" : " " + memberId);
        }
    }

    public record Totals(BigDecimal monthly, BigDecimal annual, BigDecimal oneOff) {
    }
}
