package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The rural standard of 2019 raised from 410 to 440 yuan, on five households whose results are worked out by hand
 * from POLICY.md (asOf 2019-10-01, every member at least 60, so nobody is employable or due a pension contribution):
 *
 * <pre>
 * A 仁和区 rural REGISTERED, 1 person aged 70, income 3,600/yr (300/month)
 *     before: fallback 410 − 300 = 110.00, elderly supplement 10% × 410 = 41.00     → 151.00 / month
 *     after:  fallback 440 − 300 = 140.00, supplement 44.00                         → 184.00   (+33.00, CHANGE)
 * B 仁和区 rural REGISTERED, 1 person aged 70, income 5,100/yr (425/month)
 *     before: 5,100 ≥ 410 × 12 = 4,920: nothing                                      →   0.00
 *     after:  5,100 < 5,280: fallback 440 − 425 = 15.00, supplement 44.00            →  59.00   (+59.00, GAIN ×2)
 * C 东区 urban REGISTERED, 1 person aged 70, no income: fallback 610 + supplement 61  → 671.00 both (unchanged)
 * D 米易县 rural NONE, 1 person aged 65, income 5,000: only an advisory changes      → not in the diff
 * E 盐边县 rural RETURNED on 2019-09-01 (inside the one-year window), 2 people aged 70 and 65, no income
 *     before: fallback 820, supplements 41 + 41 = 902.00 / month; temporary assistance 410 × 2 × 3 = 2,460 one-off
 *     after:  fallback 880, supplements 44 + 44 = 968.00 / month; 440 × 2 × 3 = 2,640            (+66.00, +180.00)
 * monthly: before 151 + 0 + 671 + 0 + 902 = 1,724.00; after 184 + 59 + 671 + 0 + 968 = 1,882.00; difference +158.00
 * one-off: 2,460.00 → 2,640.00 (+180.00); annualized difference 158 × 12 + 180 = +2,076.00
 * gaining households: B (1 person); changing amount: A and E (1 + 2 people); losing: none
 * </pre>
 */
class ImpactComparisonTest {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);

    @TempDir
    Path dir;

    static String household(String id, String county, String residence, String status, long income, String... births) {
        String members = Stream.of(births).map(b -> "{\"memberId\":\"m" + (List.of(births).indexOf(b) + 1)
                + "\",\"birthDate\":\"" + b + "\",\"receivesBasicPension\":true}").collect(Collectors.joining(","));
        String incomes = income == 0 ? "[]" : "[{\"type\":\"AGRICULTURE\",\"annualAmount\":" + income + "}]";
        return "{\"householdId\":\"" + id + "\",\"county\":\"" + county + "\",\"residence\":\"" + residence
                + "\",\"povertyStatus\":\"" + status + "\""
                // A RETURNED household carries the date it returned: inside the one-year window of 2019-10-01.
                + (status.equals("RETURNED") ? ",\"returnedDate\":\"2019-09-01\"" : "")
                + ",\"incomes\":" + incomes + ",\"members\":[" + members + "]}";
    }

    @Test
    void ruralStandard410To440() throws IOException {
        Path newRules = dir.resolve("rules-440");
        copy(Path.of("../rules"), newRules);
        Path dibao = newRules.resolve("parameters/dibao.yaml");
        String yaml = Files.readString(dibao, StandardCharsets.UTF_8);
        int rural = yaml.indexOf("dibao.standard.rural:");
        int at = yaml.indexOf("value: 410", rural);
        Files.writeString(dibao, yaml.substring(0, at) + "value: 440" + yaml.substring(at + "value: 410".length()),
                StandardCharsets.UTF_8);

        Path in = dir.resolve("caseload.jsonl");
        Files.write(in, List.of(
                household("A", "仁和区", "RURAL", "REGISTERED", 3600, "1949-05-01"),
                household("B", "仁和区", "RURAL", "REGISTERED", 5100, "1949-05-01"),
                household("C", "东区", "URBAN", "REGISTERED", 0, "1949-05-01"),
                household("D", "米易县", "RURAL", "NONE", 5000, "1954-05-01"),
                household("E", "盐边县", "RURAL", "RETURNED", 0, "1949-05-01", "1954-05-01")));
        Path out = dir.resolve("out.jsonl");
        Path diff = dir.resolve("diff.jsonl");
        Path report = dir.resolve("report.html");
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, out, Ruleset.load(newRules), AS_OF)
                .baseline(Ruleset.load(Path.of("../rules"))).diff(diff).report(report).build(), null);
        assertThat(s.errors()).isZero();
        assertThat(s.written()).isEqualTo(5);
        assertThat(s.changed()).isEqualTo(3);

        List<JsonNode> lines = Files.readAllLines(diff).stream().map(Json.MAPPER::readTree).toList();
        assertThat(lines).extracting(l -> l.get("householdId").stringValue()).containsExactly("A", "B", "E");
        JsonNode b = lines.get(1);
        Map<String, JsonNode> bEnt = byCode(b);
        assertThat(bEnt.get("DIBAO_FALLBACK").get("change").stringValue()).isEqualTo("GAIN");
        assertThat(bEnt.get("DIBAO_FALLBACK").get("before").isNull()).isTrue();
        assertThat(bEnt.get("DIBAO_FALLBACK").get("after").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(bEnt.get("DIBAO_CLASSIFIED_SUPPLEMENT").get("after").decimalValue()).isEqualByComparingTo("44.00");
        assertThat(b.at("/totals/difference/monthly").decimalValue()).isEqualByComparingTo("59.00");
        assertThat(b.at("/parameters/0/name").stringValue()).isEqualTo("dibao.standard.rural");
        assertThat(b.at("/rules/granting").toString()).contains("低保兜底");

        JsonNode a = lines.get(0);
        assertThat(byCode(a).get("DIBAO_FALLBACK").get("change").stringValue()).isEqualTo("CHANGE");
        assertThat(byCode(a).get("DIBAO_FALLBACK").get("before").decimalValue()).isEqualByComparingTo("110.00");
        assertThat(byCode(a).get("DIBAO_FALLBACK").get("after").decimalValue()).isEqualByComparingTo("140.00");
        assertThat(a.at("/totals/difference/monthly").decimalValue()).isEqualByComparingTo("33.00");
        JsonNode e = lines.get(2);
        assertThat(e.at("/totals/difference/monthly").decimalValue()).isEqualByComparingTo("66.00");
        assertThat(e.at("/totals/difference/oneOff").decimalValue()).isEqualByComparingTo("180.00");
        assertThat(e.get("annualizedDifference").decimalValue()).isEqualByComparingTo("972.00");

        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(cell(html, "total-monthly-before")).isEqualTo("1,724.00");
        assertThat(cell(html, "total-monthly-after")).isEqualTo("1,882.00");
        assertThat(cell(html, "total-monthly-diff")).isEqualTo("+158.00");
        assertThat(cell(html, "total-oneoff-diff")).isEqualTo("+180.00");
        assertThat(cell(html, "total-annualized-diff")).isEqualTo("+2,076.00");
        assertThat(cell(html, "gaining-households")).isEqualTo("1 户（1 人）");
        assertThat(cell(html, "changing-households")).isEqualTo("2 户（3 人）");
        assertThat(cell(html, "losing-households")).isEqualTo("0 户（0 人）");
        assertThat(cell(html, "county-仁和区-monthly-diff")).isEqualTo("+92.00");
        assertThat(cell(html, "county-盐边县-monthly-diff")).isEqualTo("+66.00");
        assertThat(cell(html, "county-东区-monthly-diff")).isEqualTo("0.00");
        assertThat(cell(html, "code-DIBAO_FALLBACK-diff")).isEqualTo("+105.00");   // 30 + 15 + 60
        assertThat(cell(html, "code-TEMPORARY_ASSISTANCE-diff")).isEqualTo("+180.00");
        assertThat(html).contains("<svg").contains("dibao.standard.rural").contains("parameters/dibao.yaml")
                .doesNotContain("http://cdn").doesNotContain("<script");
    }

    private static Map<String, JsonNode> byCode(JsonNode line) {
        Map<String, JsonNode> m = new java.util.HashMap<>();
        line.get("entitlements").forEach(e -> m.putIfAbsent(e.get("code").stringValue(), e));
        return m;
    }

    private static String cell(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\">([^<]*)<").matcher(html);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
