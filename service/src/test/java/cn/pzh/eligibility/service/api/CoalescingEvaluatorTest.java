package cn.pzh.eligibility.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * Concurrent single requests evaluated together still each get their own answer: the right household, the right
 * date, the right ruleset, and a bad household's own error without taking the others down.
 */
@Timeout(120)
class CoalescingEvaluatorTest {

    static Ruleset rules;
    static Ruleset higher;
    static ObjectNode example;

    @BeforeAll
    static void load() throws Exception {
        rules = Ruleset.load(Path.of("../rules"));
        higher = rules.withParameterOverrides(java.util.Map.of("dibao.standard.urban", 700), "test");
        example = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("../../shared/spec/household.example.json")));
    }

    private static Household household(int i, long incomeYuan) {
        ObjectNode h = example.deepCopy();
        h.put("householdId", "H-" + i);
        h.put("residence", "URBAN");
        h.put("povertyStatus", "REGISTERED");
        h.remove("hardship");
        var incomes = h.putArray("incomes");
        incomes.addObject().put("type", "WAGE").put("annualAmount", incomeYuan);
        return HouseholdReader.read(h);
    }

    @Test
    void everyConcurrentRequestGetsItsOwnHouseholdsDeterminationAtItsOwnDateAndRuleset() throws Exception {
        CoalescingEvaluator c = new CoalescingEvaluator(2);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Determination>> answers = new ArrayList<>();
            List<Household> asked = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                Household h = household(i, 1200L * (i % 7));
                asked.add(h);
                Ruleset r = i % 3 == 0 ? higher : rules;
                LocalDate d = i % 2 == 0 ? LocalDate.of(2019, 10, 1) : LocalDate.of(2021, 12, 1);
                answers.add(pool.submit(() -> c.evaluate(r, h, d)));
            }
            for (int i = 0; i < 600; i++) {
                Determination d = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(d.householdId()).isEqualTo("H-" + i);
                assertThat(d.asOf()).isEqualTo(i % 2 == 0 ? "2019-10-01" : "2021-12-01");
                Ruleset r = i % 3 == 0 ? higher : rules;
                assertThat(d.ruleset().version()).isEqualTo(r.version());
                // the household's own answer, as if it had been asked alone
                assertThat(Json.MAPPER.writeValueAsString(d)).isEqualTo(Json.MAPPER.writeValueAsString(
                        r.evaluate(asked.get(i), LocalDate.parse(d.asOf()))));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHouseholdThatDoesNotFitItsDateFailsAloneWithItsOwnError() throws Exception {
        CoalescingEvaluator c = new CoalescingEvaluator(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Determination>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Household h = household(i, 0);
                // every 8th is assessed before its members were born: refused, with its own id
                LocalDate d = i % 8 == 0 ? LocalDate.of(1950, 1, 1) : LocalDate.of(2019, 10, 1);
                answers.add(pool.submit(() -> c.evaluate(rules, h, d)));
            }
            for (int i = 0; i < 64; i++) {
                Future<Determination> f = answers.get(i);
                if (i % 8 == 0) {
                    final int n = i;
                    assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(
                            InvalidHouseholdException.class).cause().satisfies(e -> assertThat(
                            ((InvalidHouseholdException) e).householdId()).isEqualTo("H-" + n));
                } else {
                    assertThat(f.get(60, TimeUnit.SECONDS).householdId()).isEqualTo("H-" + i);
                    assertThat(f.get().totals().monthly()).isGreaterThan(BigDecimal.ZERO);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
