package cn.pzh.eligibility.properties;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.Paths;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.IncomeType;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Properties of evaluation over generated households (the project's {@link HouseholdGenerator}, indexed by jqwik,
 * then varied by jqwik): what must hold for every household, not only for the hand-worked cases. One ruleset, compiled
 * once, for all tries; try counts are small (junit-platform.properties) so the suite stays fast.
 */
class EvaluationPropertiesTest {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);
    /** At most this many medical items per member for now: evaluation time grows fast with them (issue 8, 2). */
    static final int MAX_MEDICAL = 5;

    private static Ruleset rules;
    private static HouseholdGenerator generator;

    static synchronized Ruleset rules() {
        if (rules == null) {
            rules = Ruleset.load(Paths.RULES);
            generator = new HouseholdGenerator(7, AS_OF, new BigDecimal("610"), new BigDecimal("410"), 0);
        }
        return rules;
    }

    /** Household {@code i} of the generator, its medical lists cut to {@link #MAX_MEDICAL}. */
    static ObjectNode household(long i) {
        rules();
        ObjectNode h = generator.household(i);
        for (JsonNode m : h.get("members")) {
            if (m.has("medicalCosts")) {
                ArrayNode costs = (ArrayNode) m.get("medicalCosts");
                while (costs.size() > MAX_MEDICAL) {
                    costs.remove(costs.size() - 1);
                }
            }
        }
        return h;
    }

    static Determination evaluate(JsonNode h) {
        return rules().evaluate(HouseholdReader.read(h), AS_OF);
    }

    static String bytes(JsonNode h) {
        return Json.MAPPER.writeValueAsString(evaluate(h));
    }

    static BigDecimal amount(Determination d, String code) {
        return d.entitlements().stream().filter(e -> e.code().equals(code)).map(Entitlement::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** What a household is granted, order aside: code, member, cost item and amount. */
    static Set<String> grants(Determination d) {
        return d.entitlements().stream().map(e -> e.code() + "|" + e.memberId() + "|" + e.costItem() + "|"
                + e.amount().stripTrailingZeros().toPlainString() + "|" + e.period()).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> codes(Determination d) {
        Set<String> s = new TreeSet<>();
        d.advisories().forEach(a -> s.add("advice " + a.code() + "|" + a.memberId()));
        d.notGranted().forEach(n -> s.add("not " + n.code() + "|" + n.memberId()));
        return s;
    }

    static List<String> excludedIncomeTypes() {
        Object v = rules().parameters().at(AS_OF).all().get("dibao.excluded_income_types").value();
        List<String> out = new ArrayList<>();
        ((Iterable<?>) v).forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    // ------------------------------------------------------------------ properties

    @Property
    void evaluationNeverThrowsAndGivesTheSameBytesEachTime(@ForAll @LongRange(min = 0, max = 1_000_000) long i) {
        ObjectNode h = household(i);
        String first = bytes(h);
        assertThat(bytes(h.deepCopy())).isEqualTo(first);
        // and the same in a rule session shared with other households
        var together = rules().evaluateAll(List.of(HouseholdReader.read(household(i + 1)), HouseholdReader.read(h)),
                AS_OF);
        assertThat(together.get(1).error()).isNull();
        assertThat(Json.MAPPER.writeValueAsString(together.get(1).determination())).isEqualTo(first);
    }

    @Property
    void moreCountableIncomeNeverRaisesTheDibaoFallback(@ForAll @LongRange(min = 0, max = 1_000_000) long i,
            @ForAll("countableTypes") String type, @ForAll @IntRange(min = 1, max = 60_000) int more) {
        ObjectNode h = household(i);
        BigDecimal before = amount(evaluate(h), "DIBAO_FALLBACK");
        ((ArrayNode) h.withArray("incomes")).addObject().put("type", type).put("annualAmount", more);
        BigDecimal after = amount(evaluate(h), "DIBAO_FALLBACK");
        assertThat(after).as("%s +%d %s", h.get("householdId"), more, type).isLessThanOrEqualTo(before);
    }

    @Provide
    Arbitrary<String> countableTypes() {
        List<String> excluded = excludedIncomeTypes();
        return Arbitraries.of(java.util.Arrays.stream(IncomeType.values()).map(Enum::name)
                .filter(t -> !excluded.contains(t)).toList());
    }

    @Provide
    Arbitrary<String> excludedTypes() {
        return Arbitraries.of(excludedIncomeTypes());
    }

    @Property
    void excludedIncomeTypesChangeNothing(@ForAll @LongRange(min = 0, max = 1_000_000) long i,
            @ForAll("excludedTypes") String type, @ForAll @IntRange(min = 1, max = 60_000) int amount) {
        ObjectNode h = household(i);
        Determination before = evaluate(h);
        ((ArrayNode) h.withArray("incomes")).addObject().put("type", type).put("annualAmount", amount);
        Determination after = evaluate(h);
        assertThat(grants(after)).as("%s +%d %s", h.get("householdId"), amount, type).isEqualTo(grants(before));
        assertThat(codes(after)).isEqualTo(codes(before));
        assertThat(after.totals()).isEqualTo(before.totals());
    }

    @Property
    void reorderingMembersOrIncomesChangesNothingButOrder(@ForAll @LongRange(min = 0, max = 1_000_000) long i,
            @ForAll long shuffleSeed) {
        ObjectNode h = household(i);
        Determination before = evaluate(h);
        ObjectNode shuffled = h.deepCopy();
        shuffle((ArrayNode) shuffled.get("members"), new Random(shuffleSeed));
        if (shuffled.has("incomes")) {
            shuffle((ArrayNode) shuffled.get("incomes"), new Random(shuffleSeed + 1));
        }
        Determination after = evaluate(shuffled);
        assertThat(grants(after)).isEqualTo(grants(before));
        assertThat(codes(after)).isEqualTo(codes(before));
        assertThat(after.totals()).isEqualTo(before.totals());
    }

    private static void shuffle(ArrayNode a, Random r) {
        List<JsonNode> items = new ArrayList<>();
        a.forEach(items::add);
        Collections.shuffle(items, r);
        a.removeAll();
        items.forEach(a::add);
    }

    @Provide
    Arbitrary<List<ObjectNode>> medicalItems() {
        Arbitrary<ObjectNode> item = Combinators.combine(Arbitraries.integers().between(1, 360),
                Arbitraries.of(java.util.Arrays.stream(cn.pzh.eligibility.model.MedicalKind.values()).map(Enum::name).toList()), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 80_000), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1)).as((days, kind, inCounty, total, basic, serious) -> {
                    BigDecimal t = BigDecimal.valueOf(total);
                    BigDecimal b = BigDecimal.valueOf(Math.floor(total * basic * 0.8));
                    BigDecimal s = BigDecimal.valueOf(Math.floor((total - b.doubleValue()) * serious * 0.5));
                    ObjectNode n = Json.MAPPER.createObjectNode();
                    n.put("date", AS_OF.minusDays(days).toString()).put("kind", kind).put("inCounty", inCounty)
                            .put("total", t).put("basicInsurance", b).put("seriousIllnessInsurance", s)
                            .put("otherReimbursement", BigDecimal.ZERO);
                    return n;
                });
        return item.list().ofMaxSize(MAX_MEDICAL);
    }

    @Property
    void oneMembersMedicalItemsNeverChangeAnotherMembersEntitlements(
            @ForAll @LongRange(min = 0, max = 1_000_000) long i, @ForAll @IntRange(min = 0, max = 20) int pick,
            @ForAll("medicalItems") @Size(max = MAX_MEDICAL) List<ObjectNode> items) {
        ObjectNode h = household(i);
        ArrayNode members = (ArrayNode) h.get("members");
        ObjectNode m = (ObjectNode) members.get(pick % members.size());
        String who = m.get("memberId").stringValue();
        Determination before = evaluate(h);
        ArrayNode costs = m.putArray("medicalCosts");
        items.forEach(costs::add);
        Determination after = evaluate(h);
        assertThat(others(after, who)).as("%s, items of %s", h.get("householdId"), who).isEqualTo(others(before, who));
    }

    private static Set<String> others(Determination d, String who) {
        return grants(d).stream().filter(g -> {
            String member = g.split("\\|")[1];
            return !member.equals("null") && !member.equals(who);
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    @Property
    void totalsAreTheSumsByPeriod(@ForAll @LongRange(min = 0, max = 1_000_000) long i) {
        Determination d = evaluate(household(i));
        assertThat(d.totals().monthly()).isEqualByComparingTo(sum(d, "MONTHLY"));
        assertThat(d.totals().annual()).isEqualByComparingTo(sum(d, "ANNUAL"));
        assertThat(d.totals().oneOff()).isEqualByComparingTo(sum(d, "ONE_OFF"));
    }

    private static BigDecimal sum(Determination d, String period) {
        return d.entitlements().stream().filter(e -> String.valueOf(e.period()).equals(period))
                .map(Entitlement::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
