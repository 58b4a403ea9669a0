package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.Paths;
import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batch output held to amounts worked out by hand from POLICY.md, not to the engine run alone, and every line
 * accounted for. The example household (rural, 3 members, asOf 2019-10-01, rural standard 410 元):
 * DIBAO_FALLBACK = 410 × 3 − 3,600 ÷ 12 = 930.00 (the disability subsidy is not countable income);
 * classified supplements = the highest rate × 410: m1 grade-2 certificate 0.20 → 82.00, m2 seriously ill 0.30 →
 * 123.00, m3 under 18 0.10 → 41.00. With 7,200 of farm income: 1,230 − 600 = 630.00. With 15,000: 15,000 ≥
 * 410 × 12 × 3 = 14,760, so no fallback.
 */
class BatchExpectationsTest {

    @TempDir
    Path dir;

    static ObjectNode example;

    @BeforeAll
    static void load() throws IOException {
        BatchRunnerTest.load();
        example = (ObjectNode) Json.MAPPER.readTree(Files.readString(Paths.EXAMPLE));
    }

    static String variant(String id, String farmIncome) {
        ObjectNode h = example.deepCopy();
        h.put("householdId", id);
        ((ObjectNode) h.get("incomes").get(0)).put("annualAmount", new BigDecimal(farmIncome));
        return Json.MAPPER.writeValueAsString(h);
    }

    /** Entitlement amounts by "CODE member". */
    static Map<String, BigDecimal> amounts(JsonNode d) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (JsonNode e : d.get("entitlements")) {
            m.put(e.get("code").stringValue() + (e.get("memberId").isNull() ? "" : " " + e.get("memberId").stringValue()),
                    e.get("amount").decimalValue());
        }
        return m;
    }

    private void assertHandWorked(List<String> out) {
        assertThat(out).hasSize(3);
        List<JsonNode> d = out.stream().map(Json.MAPPER::readTree).toList();
        assertThat(d).extracting(n -> n.get("householdId").stringValue()).containsExactly("A", "B", "C");
        Map<String, BigDecimal> a = amounts(d.get(0));
        assertThat(a.get("DIBAO_FALLBACK")).isEqualByComparingTo("930.00");
        assertThat(a.get("DIBAO_CLASSIFIED_SUPPLEMENT m1")).isEqualByComparingTo("82.00");
        assertThat(a.get("DIBAO_CLASSIFIED_SUPPLEMENT m2")).isEqualByComparingTo("123.00");
        assertThat(a.get("DIBAO_CLASSIFIED_SUPPLEMENT m3")).isEqualByComparingTo("41.00");
        assertThat(amounts(d.get(1)).get("DIBAO_FALLBACK")).isEqualByComparingTo("630.00");
        assertThat(amounts(d.get(2))).doesNotContainKey("DIBAO_FALLBACK");
    }

    @Test
    void jsonLinesGiveTheHandWorkedAmountsAndAccountForEveryLine() throws IOException {
        String bad = variant("D", "3600").replace("\"grade\":2", "\"grade\":7");
        Path in = Files.write(dir.resolve("in.jsonl"), List.of(variant("A", "3600.00"), "", variant("B", "7200"),
                bad, "{\"householdId\":\"E\",", variant("C", "15000")));
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, dir.resolve("out.jsonl"), BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF).chunkSize(2).threads(2).build(), null);
        assertThat(s.linesRead()).isEqualTo(6);
        assertThat(s.blankLines()).isEqualTo(1);
        assertThat(s.households()).isEqualTo(5);
        assertThat(s.written()).isEqualTo(3);
        assertThat(s.errors()).isEqualTo(2);
        assertThat(s.linesRead()).isEqualTo(s.blankLines() + s.written() + s.errors());
        List<String> out = Files.readAllLines(dir.resolve("out.jsonl"));
        assertThat((long) out.size()).isEqualTo(s.written());
        assertHandWorked(out);
        List<JsonNode> errs = Files.readAllLines(s.errorsFile()).stream().map(Json.MAPPER::readTree).toList();
        assertThat(errs).extracting(e -> e.get("line").asLong()).containsExactly(4L, 5L);
        assertThat(errs).extracting(e -> e.get("householdId").stringValue()).containsExactly("D", "E");
        assertThat(errs.get(0).get("path").stringValue()).isEqualTo("members[0].disability.grade");
    }

    @Test
    void csvGivesTheSameHandWorkedAmounts() throws IOException {
        CsvLayout layout = CsvLayout.standard(4, 4);
        List<String> rows = new ArrayList<>(List.of(layout.headerLine()));
        for (String[] v : new String[][] {{"A", "3600"}, {"B", "7200"}, {"C", "15000"}}) {
            rows.addAll(layout.rows(Json.MAPPER.readTree(variant(v[0], v[1]))));
        }
        Path in = Files.write(dir.resolve("in.csv"), rows);
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, dir.resolve("out.jsonl"), BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF).build(), null);
        assertThat(s.linesRead()).isEqualTo(9);
        assertThat(s.households()).isEqualTo(3);
        assertThat(s.written() + s.errors()).isEqualTo(3);
        assertHandWorked(Files.readAllLines(dir.resolve("out.jsonl")));
    }
}
