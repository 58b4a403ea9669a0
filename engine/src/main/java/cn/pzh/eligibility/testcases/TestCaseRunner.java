package cn.pzh.eligibility.testcases;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Advisory;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.evaluation.Determination.NotGranted;
import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.testcases.TestCase.ExpectedAdvice;
import cn.pzh.eligibility.testcases.TestCase.ExpectedGrant;
import cn.pzh.eligibility.testcases.TestCase.ExpectedRefusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Runs test-cases against a ruleset and says, for each, what was expected and what came out. */
public final class TestCaseRunner {

    /** The outcome of one case file; {@code failures} empty means it passed. */
    public record Result(String file, String name, List<String> failures, Determination determination) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private TestCaseRunner() {
    }

    /** Every {@code *.yaml} below {@code dir}, in path order. */
    public static List<Path> find(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result run(Ruleset ruleset, Path file, String display) {
        TestCase tc;
        try {
            tc = TestCaseReader.read(file, display);
        } catch (TestCaseReader.BadTestCase e) {
            return new Result(display, "?", List.of(e.getMessage()), null);
        }
        return run(ruleset, tc);
    }

    /** A case's result together with every rule that fired for it (none for a case refused as bad input). */
    public record Traced(Result result, List<String> firedRules) {
    }

    /** Like {@link #run(Ruleset, Path, String)}, also recording the rules that fired: for coverage. */
    public static Traced runTraced(Ruleset ruleset, Path file, String display) {
        TestCase tc;
        try {
            tc = TestCaseReader.read(file, display);
        } catch (TestCaseReader.BadTestCase e) {
            return new Traced(new Result(display, "?", List.of(e.getMessage()), null), List.of());
        }
        List<String> fired = new ArrayList<>();
        return new Traced(run(ruleset, tc, fired), List.copyOf(fired));
    }

    public static Result run(Ruleset ruleset, TestCase tc) {
        return run(ruleset, tc, null);
    }

    /** {@code fired}, when given, receives the rules that fired (the traced evaluation is slower). */
    private static Result run(Ruleset ruleset, TestCase tc, List<String> fired) {
        List<String> failures = new ArrayList<>();
        Ruleset rs;
        try {
            rs = ruleset.withParameterOverrides(tc.parameters(), tc.file());
        } catch (IllegalArgumentException e) {
            return new Result(tc.file(), tc.name(), List.of("parameters: " + e.getMessage() + "（案例的参数覆盖有误）"), null);
        }
        Determination d;
        try {
            if (fired == null) {
                d = rs.evaluate(HouseholdReader.read(tc.household()), tc.asOf());
            } else {
                var traced = rs.evaluateTraced(HouseholdReader.read(tc.household()), tc.asOf());
                d = traced.determination();
                fired.addAll(traced.firedRules());
            }
        } catch (InvalidHouseholdException e) {
            if (tc.expect().error() != null) {
                boolean found = e.errors().stream().map(FieldError::path).anyMatch(tc.expect().error()::equals);
                if (!found) {
                    failures.add("expected an error at " + tc.expect().error() + ", actual errors: "
                            + e.errors().stream().map(FieldError::toString).toList() + "（预期在该字段报错，实际报错字段不同）");
                }
            } else {
                failures.add("the household was refused: " + e.getMessage() + "（家庭信息被拒绝）");
            }
            return new Result(tc.file(), tc.name(), failures, null);
        } catch (RuleEvaluationException e) {
            return new Result(tc.file(), tc.name(), List.of("the rules failed: " + e.getMessage() + "（规则执行出错）"), null);
        }
        if (tc.expect().error() != null) {
            failures.add("expected an error at " + tc.expect().error() + ", actual: a determination with "
                    + describe(d.entitlements()) + "（预期报错，实际得出了核定结果）");
            return new Result(tc.file(), tc.name(), failures, d);
        }
        compareGrants(tc.expect().entitlements(), d.entitlements(), failures);
        compareAdvice(tc.expect().advisories(), d.advisories(), failures);
        for (ExpectedRefusal r : tc.expect().notGranted()) {
            d.entitlements().stream().filter(e -> e.code().equals(r.code()) && Objects.equals(e.memberId(), r.memberId()))
                    .forEach(e -> failures.add("line " + r.line() + ": expected " + r + " not granted, actual: granted "
                            + e.amount().toPlainString() + "（预期不享受，实际享受）"));
            List<NotGranted> explained = d.notGranted().stream()
                    .filter(n -> n.code().equals(r.code()) && Objects.equals(n.memberId(), r.memberId())).toList();
            if (explained.isEmpty()) {
                failures.add("line " + r.line() + ": expected notGranted " + r + " with its reason, actual notGranted: "
                        + d.notGranted().stream().map(n -> n.code() + (n.memberId() == null ? "" : " " + n.memberId())).toList()
                        + "（预期列出不享受的理由，实际没有）");
            } else if (r.reasonContains() != null && explained.stream().flatMap(n -> n.reasons().stream())
                    .noneMatch(s -> s.contains(r.reasonContains()))) {
                failures.add("line " + r.line() + ": expected a reason for " + r + " containing '" + r.reasonContains()
                        + "', actual reasons: " + explained.get(0).reasons() + "（不享受的理由与预期不符）");
            }
        }
        if (tc.expect().totals() != null) {
            var t = tc.expect().totals();
            var a = d.totals();
            if (t.monthly().compareTo(a.monthly()) != 0 || t.annual().compareTo(a.annual()) != 0
                    || t.oneOff().compareTo(a.oneOff()) != 0) {
                failures.add("totals: expected monthly " + t.monthly() + ", annual " + t.annual() + ", oneOff "
                        + t.oneOff() + "; actual monthly " + a.monthly() + ", annual " + a.annual() + ", oneOff " + a.oneOff()
                        + "（合计金额与预期不符）");
            }
        }
        return new Result(tc.file(), tc.name(), failures, d);
    }

    private static void compareGrants(List<ExpectedGrant> expected, List<Entitlement> actual, List<String> failures) {
        List<Entitlement> left = new ArrayList<>(actual);
        for (ExpectedGrant g : expected) {
            Entitlement match = left.stream().filter(e -> e.code().equals(g.code()) && Objects.equals(e.memberId(), g.memberId())
                    && (g.costItem() == null || g.costItem().equals(e.costItem())) && e.amount().compareTo(g.amount()) == 0)
                    .findFirst().orElse(null);
            if (match != null) {
                left.remove(match);
                continue;
            }
            List<String> same = left.stream().filter(e -> e.code().equals(g.code()) && Objects.equals(e.memberId(), g.memberId()))
                    .map(TestCaseRunner::describe).toList();
            failures.add("line " + g.line() + ": expected " + g + ", actual: " + (same.isEmpty() ? "not granted" : same)
                    + "（待遇与预期不符）");
        }
        for (Entitlement e : left) {
            failures.add("not expected: granted " + describe(e) + "（多出预期之外的待遇）");
        }
    }

    private static void compareAdvice(List<ExpectedAdvice> expected, List<Advisory> actual, List<String> failures) {
        List<Advisory> left = new ArrayList<>(actual);
        for (ExpectedAdvice a : expected) {
            Advisory match = left.stream().filter(x -> x.code().equals(a.code()) && Objects.equals(x.memberId(), a.memberId()))
                    .findFirst().orElse(null);
            if (match != null) {
                left.remove(match);
            } else {
                failures.add("line " + a.line() + ": expected advisory " + a + ", actual: not advised（缺少预期的工作提示）");
            }
        }
        for (Advisory x : left) {
            failures.add("not expected: advisory " + x.code() + (x.memberId() == null ? "" : " " + x.memberId())
                    + "（多出预期之外的工作提示）");
        }
    }

    private static String describe(Entitlement e) {
        return e.code() + (e.memberId() == null ? "" : " " + e.memberId())
                + (e.costItem() == null ? "" : " item " + e.costItem()) + " " + e.amount().toPlainString();
    }

    private static String describe(List<Entitlement> list) {
        return list.stream().map(TestCaseRunner::describe).toList().toString();
    }

}
