package cn.pzh.eligibility.evaluation;

import cn.pzh.eligibility.evaluation.Determination.Advisory;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.evaluation.Determination.NotGranted;
import cn.pzh.eligibility.evaluation.Determination.RulesetRef;
import cn.pzh.eligibility.evaluation.Determination.Totals;
import cn.pzh.eligibility.input.DateChecks;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.model.MedicalCost;
import cn.pzh.eligibility.model.Member;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.ParameterSet;
import cn.pzh.eligibility.params.Params;
import cn.pzh.eligibility.rules.Clause;
import cn.pzh.eligibility.rules.Codes;
import cn.pzh.eligibility.rules.Codes.Code;
import cn.pzh.eligibility.rules.Codes.Period;
import cn.pzh.eligibility.rules.Wording;
import cn.pzh.eligibility.rules.Wording.Template;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drools.commands.runtime.rule.FireAllRulesCommand;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.command.Command;
import org.kie.api.command.KieCommands;
import org.kie.api.runtime.ExecutionResults;
import org.kie.api.runtime.StatelessKieSession;

/**
 * Evaluates households against one ruleset. Holds only immutable things and a StatelessKieSession (safe to share
 * between threads), so one evaluator serves every thread; each evaluation's state lives in its own {@link Case}.
 */
public final class Evaluator {

    /**
     * The system property that sets how long one household's evaluation may take (a java.time.Duration such as
     * {@code PT10S}, or milliseconds); past it the evaluation stops with an {@link EvaluationTimeoutException}.
     */
    public static final String TIME_LIMIT_PROPERTY = "eligibility.evaluation.time-limit";
    /** Far above any real household (milliseconds even for 200 members with 200 medical items each would be tens). */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(60);

    /** A rule set that fires more often than this for one household is looping: an error in the rules. */
    private static final int MAX_FIRINGS = 100_000;

    private final StatelessKieSession session;
    /** A second session that also records which rules fire: for coverage and for explaining differences. */
    private final StatelessKieSession tracedSession;
    private final KieCommands commands = KieServices.get().getCommands();
    private final ParameterSet parameters;
    private final Codes codes;
    private final Wording wording;
    private final String version;
    private final Duration timeLimit;
    // The engine's own templates, with the part each slot place plays (an index into Wording's slot lists), so an
    // explanation is written without looking a name up per slot.
    private final Template explanation;
    private final int[] explanationRoles;
    private final Template parametersUsed;
    private final int[] parametersUsedRoles;
    private final Template advisory;
    private final int[] advisoryRoles;
    private final String monthlyUnit;
    private final String annualUnit;
    private final String oneOffUnit;

    public Evaluator(KieBase kieBase, ParameterSet parameters, Codes codes, Wording wording, String version) {
        this(kieBase, parameters, codes, wording, version, configuredTimeLimit());
    }

    /** {@code wording} must have every engine template with its slots ({@link Wording#read} reports any that lack). */
    public Evaluator(KieBase kieBase, ParameterSet parameters, Codes codes, Wording wording, String version,
            Duration timeLimit) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the evaluation time limit must be positive, was " + timeLimit);
        }
        this.timeLimit = timeLimit;
        this.session = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors()).newStatelessKieSession();
        this.session.addEventListener(new DeadlineGuard());
        this.tracedSession = kieBase.newStatelessKieSession();
        this.tracedSession.addEventListener(new FiredRuleRecorder());
        this.tracedSession.addEventListener(new DeadlineGuard());
        this.parameters = parameters;
        this.codes = codes;
        this.wording = wording;
        this.version = version;
        this.explanation = engineTemplate(wording, Wording.EXPLANATION);
        this.explanationRoles = explanation.roles(Wording.EXPLANATION_SLOTS);
        this.parametersUsed = engineTemplate(wording, Wording.EXPLANATION_PARAMETERS);
        this.parametersUsedRoles = parametersUsed.roles(Wording.EXPLANATION_PARAMETERS_SLOTS);
        this.advisory = engineTemplate(wording, Wording.ADVISORY);
        this.advisoryRoles = advisory.roles(Wording.ADVISORY_SLOTS);
        this.monthlyUnit = engineTemplate(wording, Wording.UNIT_MONTHLY).literal(0);
        this.annualUnit = engineTemplate(wording, Wording.UNIT_ANNUAL).literal(0);
        this.oneOffUnit = engineTemplate(wording, Wording.UNIT_ONE_OFF).literal(0);
    }

    private static Template engineTemplate(Wording wording, String id) {
        Template t = wording.template(id);
        if (t == null) {
            throw new IllegalArgumentException("the wording has no template " + id + "（缺少说明文字模板 " + id + "）");
        }
        return t;
    }

    /** The time limit of {@link #TIME_LIMIT_PROPERTY}, or {@link #DEFAULT_TIME_LIMIT} when it is not set. */
    public static Duration configuredTimeLimit() {
        String v = System.getProperty(TIME_LIMIT_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_TIME_LIMIT;
        }
        try {
            return v.strip().matches("\\d+") ? Duration.ofMillis(Long.parseLong(v.strip())) : Duration.parse(v.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(TIME_LIMIT_PROPERTY + " must be a duration such as PT10S or a number of"
                    + " milliseconds, was '" + v + "'");
        }
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * The determination of one household on one date.
     *
     * @throws InvalidHouseholdException when the household does not fit the date (born after it, a medical item
     *                                   after it, working age without labour capacity) or no rules are in force then
     * @throws RuleEvaluationException   when the rules themselves fail (a missing parameter, a rule that loops)
     * @throws EvaluationTimeoutException when it takes longer than this evaluator's time limit
     */
    public Determination evaluate(Household household, LocalDate asOf) {
        return evaluate(household, asOf, timeLimit);
    }

    /** Like {@link #evaluate(Household, LocalDate)} with a time limit of its own for this household. */
    public Determination evaluate(Household household, LocalDate asOf, Duration limit) {
        return run(household, asOf, session, limit).determination();
    }

    /** A determination together with every rule that fired for it (derivations included), in firing order. */
    public record Traced(Determination determination, List<String> firedRules) {
    }

    /** Like {@link #evaluate}, also recording the rules that fired; slower, for coverage and impact analysis. */
    public Traced evaluateTraced(Household household, LocalDate asOf) {
        return run(household, asOf, tracedSession, timeLimit);
    }

    /** One household's outcome in {@link #evaluateAll}: a determination, or the reason it could not be made. */
    public record Outcome(Determination determination, RuntimeException error) {
    }

    /**
     * Evaluates many households at one date in one rule session: the rules join every fact to its own household,
     * so households do not see each other, and the session's set-up is paid once per batch instead of once per
     * household. Outcomes are in input order. A household the rules fail on is evaluated again alone, so one
     * failure names its own household and takes no other down with it.
     */
    public List<Outcome> evaluateAll(List<Household> households, LocalDate asOf) {
        Params params = parameters.at(asOf);
        Outcome[] out = new Outcome[households.size()];
        List<Case> cases = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        List<Object> facts = new ArrayList<>();
        // The batch shares one deadline; a batch that passes it is evaluated again household by household, each
        // with its own, so only the household that takes too long fails.
        long deadline = System.nanoTime() + timeLimit.toNanos();
        for (int i = 0; i < households.size(); i++) {
            Household h = households.get(i);
            List<FieldError> errors = DateChecks.check(h, asOf, params);
            if (!errors.isEmpty()) {
                out[i] = new Outcome(null, new InvalidHouseholdException(h.householdId(), errors));
                continue;
            }
            Case kase = new Case(h, asOf, params);
            kase.deadline(deadline);
            cases.add(kase);
            where.add(i);
            facts.addAll(facts(kase));
        }
        if (!cases.isEmpty()) {
            boolean failed = false;
            try {
                ExecutionResults results = session.execute(commands.newBatchExecution(List.of(
                        commands.newInsertElements(facts),
                        new FireAllRulesCommand("fired", MAX_FIRINGS * cases.size(), null))));
                failed = (Integer) results.getValue("fired") >= MAX_FIRINGS * cases.size();
            } catch (RuntimeException e) {
                failed = true;
            }
            for (int k = 0; k < cases.size(); k++) {
                int i = where.get(k);
                if (failed) {
                    try {
                        out[i] = new Outcome(evaluate(households.get(i), asOf), null);
                    } catch (RuntimeException e) {
                        out[i] = new Outcome(null, e);
                    }
                } else {
                    try {
                        out[i] = new Outcome(assemble(cases.get(k)), null);
                    } catch (DeadlineGuard.Expired e) {
                        try {
                            out[i] = new Outcome(evaluate(households.get(i), asOf), null);
                        } catch (RuntimeException again) {
                            out[i] = new Outcome(null, again);
                        }
                    } catch (RuntimeException e) {
                        out[i] = new Outcome(null, e);
                    }
                }
            }
        }
        return List.of(out);
    }

    private Traced run(Household household, LocalDate asOf, StatelessKieSession session, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Params params = parameters.at(asOf);
        List<FieldError> errors = DateChecks.check(household, asOf, params);
        if (!errors.isEmpty()) {
            throw new InvalidHouseholdException(household.householdId(), errors);
        }
        Case kase = new Case(household, asOf, params);
        kase.deadline(deadline);
        List<Object> facts = facts(kase);
        List<Command<?>> cmds = List.of(commands.newInsertElements(facts),
                new FireAllRulesCommand("fired", MAX_FIRINGS, null));
        int fired;
        try {
            ExecutionResults results = session.execute(commands.newBatchExecution(cmds));
            fired = (Integer) results.getValue("fired");
        } catch (RuntimeException e) {
            if (expired(e)) {
                throw new EvaluationTimeoutException(household.householdId(), limit);
            }
            throw RuleEvaluationException.from(household.householdId(), e);
        }
        if (fired >= MAX_FIRINGS) {
            throw new RuleEvaluationException(household.householdId(), "the rules fired " + fired
                    + " times without settling: a rule keeps re-activating itself（规则循环触发，请检查规则）");
        }
        try {
            return new Traced(assemble(kase), List.copyOf(kase.fired()));
        } catch (DeadlineGuard.Expired e) {
            throw new EvaluationTimeoutException(household.householdId(), limit);
        }
    }

    private static boolean expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeadlineGuard.Expired) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> facts(Case kase) {
        List<Object> facts = new ArrayList<>();
        facts.add(kase);
        List<Member> members = kase.getHousehold().members();
        for (int i = 0; i < members.size(); i++) {
            Person p = new Person(kase, members.get(i), i);
            facts.add(p);
            List<MedicalCost> costs = members.get(i).medicalCosts();
            // The annual cap is used up in date order, then input order.
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < costs.size(); j++) {
                order.add(j);
            }
            order.sort(Comparator.comparing((Integer j) -> costs.get(j).date()).thenComparing(j -> j));
            for (int seq = 0; seq < order.size(); seq++) {
                facts.add(new MedicalItem(p, costs.get(order.get(seq)), order.get(seq), seq));
            }
        }
        return facts;
    }

    /** A finding with its code resolved once and the keys it is sorted by. */
    private record Keyed(Finding finding, Code code, int person, int item) {
        static final Comparator<Keyed> ORDER = Comparator.comparingInt((Keyed k) -> k.code.order())
                .thenComparingInt(k -> k.person).thenComparingInt(k -> k.item);
    }

    private Determination assemble(Case kase) {
        List<Keyed> grants = new ArrayList<>();
        List<Keyed> advice = new ArrayList<>();
        Map<String, List<Keyed>> refusals = new LinkedHashMap<>();
        for (Finding f : kase.findings()) {
            kase.checkDeadline();
            Code code = codes.find(f.getCode());
            if (code == null) {
                throw new RuleEvaluationException(kase.getHouseholdId(), "rule '" + f.getRule() + "' uses code "
                        + f.getCode() + ", which rules/codes.yaml does not list（规则使用了代码目录中没有的代码）");
            }
            int person = f.getPerson() == null ? -1 : f.getPerson().getIndex();
            if (f instanceof Finding.Grant g) {
                grants.add(new Keyed(f, code, person, g.getCostItem() == null ? -1 : g.getCostItem()));
            } else if (f instanceof Finding.Advice) {
                advice.add(new Keyed(f, code, person, 0));
            } else if (f instanceof Finding.Refusal r) {
                refusals.computeIfAbsent(r.getCode() + "\u0000" + r.getMemberId(), k -> new ArrayList<>())
                        .add(new Keyed(f, code, person, 0));
            }
        }
        // stable sorts: findings with equal keys stay in the order the rules made them
        grants.sort(Keyed.ORDER);
        advice.sort(Keyed.ORDER);

        // One buffer for every sentence of the household: it grows to the longest once, then is only copied out.
        StringBuilder sb = new StringBuilder(512);
        BigDecimal monthly = BigDecimal.ZERO.setScale(2);
        BigDecimal annual = monthly;
        BigDecimal oneOff = monthly;
        List<Entitlement> entitlements = new ArrayList<>(grants.size());
        for (Keyed k : grants) {
            Finding.Grant g = (Finding.Grant) k.finding();
            Code code = k.code();
            BigDecimal amount = g.getValue();
            switch (code.period()) {
                case MONTHLY -> monthly = monthly.add(amount);
                case ANNUAL -> annual = annual.add(amount);
                case ONE_OFF -> oneOff = oneOff.add(amount);
            }
            entitlements.add(new Entitlement(g.getCode(), code.name(), g.getMemberId(), g.getCostItem(), amount,
                    code.period(), g.getClause(), g.getRule(), explain(sb, kase, g, code.period())));
        }
        List<Advisory> advisories = new ArrayList<>(advice.size());
        for (Keyed k : advice) {
            Finding.Advice a = (Finding.Advice) k.finding();
            advisories.add(new Advisory(a.getCode(), k.code().name(), a.getMemberId(), a.getClause(), a.getRule(),
                    advise(sb, kase, a)));
        }
        List<List<Keyed>> groups = new ArrayList<>(refusals.values());
        groups.sort(Comparator.comparing((List<Keyed> l) -> l.get(0), Keyed.ORDER));
        List<NotGranted> notGranted = new ArrayList<>(groups.size());
        for (List<Keyed> l : groups) {
            Finding first = l.get(0).finding();
            List<String> reasons = new ArrayList<>(l.size());
            for (Keyed k : l) {
                String reason = said(sb, kase, k.finding(), ((Finding.Refusal) k.finding()).getReason());
                if (!reasons.contains(reason)) {
                    reasons.add(reason);
                }
            }
            notGranted.add(new NotGranted(first.getCode(), l.get(0).code().name(), first.getMemberId(),
                    first.getClause(), List.copyOf(reasons)));
        }
        return new Determination(kase.getHouseholdId(), kase.getAsOf().toString(), new RulesetRef(version),
                List.copyOf(entitlements), List.copyOf(advisories), List.copyOf(notGranted),
                new Totals(monthly, annual, oneOff));
    }

    /** "{事实}。计算：{计算}{单位}。{所用参数}依据：{依据}（条款 {条款}）。" in the ruleset's words. */
    private String explain(StringBuilder sb, Case kase, Finding.Grant g, Period period) {
        sb.setLength(0);
        Template t = explanation;
        int n = t.slotCount();
        try {
            for (int i = 0; i < n; i++) {
                sb.append(t.literal(i));
                switch (explanationRoles[i]) {
                    case 0 -> g.getFacts().fill(sb, wording);
                    case 1 -> sb.append(g.getAmount().show());
                    case 2 -> sb.append(switch (period) {
                        case MONTHLY -> monthlyUnit;
                        case ANNUAL -> annualUnit;
                        case ONE_OFF -> oneOffUnit;
                    });
                    case 3 -> parametersUsed(sb, g.getAmount().params());
                    case 4 -> sb.append(Clause.cite(g.getClause()));
                    default -> sb.append(g.getClause());
                }
            }
        } catch (Words.Unfilled e) {
            throw unfilled(kase, g, e);
        }
        return sb.append(t.literal(n)).toString();
    }

    /** "所用参数：{参数}。", when the amount was computed from parameters; nothing otherwise. */
    private void parametersUsed(StringBuilder sb, List<ParamValue> used) {
        if (used.isEmpty()) {
            return;
        }
        Template t = parametersUsed;
        int n = t.slotCount();
        for (int i = 0; i < n; i++) {
            sb.append(t.literal(i));
            for (int j = 0; j < used.size(); j++) {
                sb.append(j == 0 ? "" : "；").append(used.get(j).cite());
            }
        }
        sb.append(t.literal(n));
    }

    /** "{提示}（依据：{依据}，条款 {条款}）" in the ruleset's words. */
    private String advise(StringBuilder sb, Case kase, Finding.Advice a) {
        sb.setLength(0);
        Template t = advisory;
        int n = t.slotCount();
        try {
            for (int i = 0; i < n; i++) {
                sb.append(t.literal(i));
                switch (advisoryRoles[i]) {
                    case 0 -> a.getMessage().fill(sb, wording);
                    case 1 -> sb.append(Clause.cite(a.getClause()));
                    default -> sb.append(a.getClause());
                }
            }
        } catch (Words.Unfilled e) {
            throw unfilled(kase, a, e);
        }
        return sb.append(t.literal(n)).toString();
    }

    private String said(StringBuilder sb, Case kase, Finding f, Words words) {
        sb.setLength(0);
        try {
            words.fill(sb, wording);
            return sb.toString();
        } catch (Words.Unfilled e) {
            throw unfilled(kase, f, e);
        }
    }

    private static RuleEvaluationException unfilled(Case kase, Finding f, Words.Unfilled e) {
        return new RuleEvaluationException(kase.getHouseholdId(), "rule '" + f.getRule() + "': " + e.getMessage());
    }
}
