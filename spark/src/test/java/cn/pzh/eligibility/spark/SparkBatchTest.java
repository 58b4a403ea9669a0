package cn.pzh.eligibility.spark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.batch.BatchRunner;
import cn.pzh.eligibility.batch.BatchSummary;
import cn.pzh.eligibility.generate.HouseholdGenerator;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Spark job on a local[2] session against {@code eligibility batch} (the engine's BatchRunner, on real files) on
 * the same input, and the hand-worked comparison of ImpactComparisonTest (the rural standard of 2019 raised from 410
 * to 440 yuan) read back from the Spark job's own outputs.
 */
class SparkBatchTest {

    static final LocalDate AS_OF = LocalDate.of(2019, 10, 1);
    static final Path RULES = Path.of("../rules");

    static SparkSession spark;

    @TempDir
    static Path shared;

    static Path rules440;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("SparkBatchTest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        rules440 = shared.resolve("rules-440");
        copy(RULES, rules440);
        Path dibao = rules440.resolve("parameters/dibao.yaml");
        String yaml = Files.readString(dibao, StandardCharsets.UTF_8);
        int at = yaml.indexOf("value: 410", yaml.indexOf("dibao.standard.rural:"));
        Files.writeString(dibao, yaml.substring(0, at) + "value: 440" + yaml.substring(at + "value: 410".length()),
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * 20,000 generated households (1 in 200 spoiled by the generator) and a few more bad lines: blank, not JSON, not
     * an object, a duplicate key, a CRLF line. Baseline: today's rules; new: the rural standard at 440.
     */
    @Test
    void sameDeterminationsErrorsDiffAndReportAsTheCli(@TempDir Path dir) throws IOException {
        Ruleset current = Ruleset.load(RULES);
        HouseholdGenerator g = new HouseholdGenerator(11, AS_OF,
                current.parameters().at(AS_OF).all().get("dibao.standard.urban").decimal(),
                current.parameters().at(AS_OF).all().get("dibao.standard.rural").decimal(), 0.005);
        Path in = dir.resolve("households.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(g.line(i)).append(i == 7_000 ? "\r\n" : "\n");
            switch (i) {
                case 100 -> sb.append("\n");
                case 5_000 -> sb.append("{not json\n");
                case 9_999 -> sb.append("[1, 2]\n");
                case 15_000 -> sb.append("{\"householdId\":\"DUP\",\"householdId\":\"DUP\"}\n");
                default -> { }
            }
        }
        Files.writeString(in, sb, StandardCharsets.UTF_8);

        Path cli = Files.createDirectories(dir.resolve("cli"));
        BatchSummary expected = BatchRunner.run(BatchOptions.builder(in, cli.resolve("determinations.jsonl"),
                Ruleset.load(rules440), AS_OF).baseline(current).errors(cli.resolve("errors.jsonl"))
                .diff(cli.resolve("diff")).report(cli.resolve("report.html")).threads(2).build(), null);
        assertThat(expected.errors()).isEqualTo(103); // 100 spoiled by the generator, 3 added
        assertThat(expected.changed()).isPositive();

        Path out = dir.resolve("spark");
        SparkBatch.Summary s = SparkBatch.run(spark, new SparkBatch.Options(in.toString(), null, out.toString(),
                rules440, AS_OF, RULES, null, 256, 4, null));

        assertThat(s.partitions()).isEqualTo(4);
        assertThat(List.of(s.linesRead(), s.blankLines(), s.households(), s.written(), s.errors(), s.errorEntries(),
                s.changed())).containsExactly(expected.linesRead(), expected.blankLines(), expected.households(),
                expected.written(), expected.errors(), expected.errorEntries(), expected.changed());
        // Same lines, and even in the same order: the part files are the input's splits in order.
        assertThat(parts(out.resolve("determinations")))
                .isEqualTo(Files.readString(cli.resolve("determinations.jsonl"), StandardCharsets.UTF_8));
        assertThat(parts(out.resolve("diff"))).isEqualTo(Files.readString(cli.resolve("diff"), StandardCharsets.UTF_8));

        List<String> sparkErrors = new ArrayList<>();
        for (String line : parts(out.resolve("errors")).split("\n")) {
            ObjectNode e = (ObjectNode) Json.MAPPER.readTree(line);
            assertThat(e.get("file").stringValue()).endsWith("/households.jsonl");
            e.remove("file");
            sparkErrors.add(Json.MAPPER.writeValueAsString(e));
        }
        assertThat(sparkErrors).containsExactlyElementsOf(Files.readAllLines(cli.resolve("errors.jsonl")));
        assertThat(sparkErrors).anyMatch(l -> l.startsWith("{\"line\":5003,") && l.contains("不是有效的 JSON"));

        assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(cli.resolve("report.html"), StandardCharsets.UTF_8));

        // The flat table: one row per entitlement of the CLI's determinations, with the household's county.
        List<String> fromCli = new ArrayList<>();
        for (String line : Files.readAllLines(cli.resolve("determinations.jsonl"))) {
            JsonNode d = Json.MAPPER.readTree(line);
            for (JsonNode e : d.get("entitlements")) {
                fromCli.add(d.get("householdId").stringValue() + "|" + text(e, "memberId") + "|"
                        + e.get("code").stringValue() + "|" + e.get("amount").decimalValue().setScale(2) + "|"
                        + e.get("period").stringValue() + "|" + e.get("clause").stringValue());
            }
        }
        List<String> fromParquet = spark.read().parquet(out.resolve("entitlements").toString()).collectAsList()
                .stream().map(r -> r.getAs("householdId") + "|" + r.getAs("memberId") + "|" + r.getAs("code") + "|"
                        + r.<BigDecimal>getAs("amount") + "|" + r.getAs("period") + "|" + r.getAs("clause"))
                .toList();
        assertThat(fromParquet).containsExactlyInAnyOrderElementsOf(fromCli).isNotEmpty();
    }

    /** ImpactComparisonTest's five households, worked out by hand, given to the job as Parquet. */
    @Test
    void handWorkedComparisonFromParquet(@TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("five.jsonl");
        Files.write(jsonl, List.of(
                household("A", "仁和区", "RURAL", "REGISTERED", 3600, "1949-05-01"),
                household("B", "仁和区", "RURAL", "REGISTERED", 5100, "1949-05-01"),
                household("C", "东区", "URBAN", "REGISTERED", 0, "1949-05-01"),
                household("D", "米易县", "RURAL", "NONE", 5000, "1954-05-01"),
                household("E", "盐边县", "RURAL", "RETURNED", 0, "1949-05-01", "1954-05-01")));
        Path parquet = dir.resolve("five.parquet");
        spark.read().json(jsonl.toString()).coalesce(1).write().parquet(parquet.toString());
        Path out = dir.resolve("out");
        SparkBatch.Summary s = SparkBatch.run(spark, new SparkBatch.Options(parquet.toString(), null, out.toString(),
                rules440, AS_OF, RULES, null, 256, 0, null));
        assertThat(s.written()).isEqualTo(5);
        assertThat(s.errors()).isZero();
        assertThat(s.changed()).isEqualTo(3);

        List<Row> a = spark.read().parquet(out.resolve("entitlements").toString())
                .filter("householdId = 'A'").orderBy("code").collectAsList();
        assertThat(a).extracting(r -> r.getAs("code") + " " + r.getAs("amount") + " " + r.getAs("county"))
                .containsExactly("DIBAO_CLASSIFIED_SUPPLEMENT 44.00 仁和区", "DIBAO_FALLBACK 140.00 仁和区");

        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
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
        assertThat(parts(out.resolve("diff")).lines().map(l -> Json.MAPPER.readTree(l).get("householdId").stringValue()))
                .containsExactly("A", "B", "E");
    }

    @Test
    void aMissingInputIsAMessageNotAStackTrace(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkBatch.run(spark, new SparkBatch.Options(
                dir.resolve("nowhere.jsonl").toString(), null, dir.resolve("out").toString(), RULES, AS_OF, null, null,
                256, 0, null))).isInstanceOf(SparkBatch.BadJobException.class)
                .hasMessageEndingWith("nowhere.jsonl: input not found（找不到输入文件）");
    }

    static String household(String id, String county, String residence, String status, long income, String... births) {
        String members = Stream.of(births).map(b -> "{\"memberId\":\"m" + (List.of(births).indexOf(b) + 1)
                + "\",\"birthDate\":\"" + b + "\",\"receivesBasicPension\":true}").collect(Collectors.joining(","));
        String incomes = income == 0 ? "[]" : "[{\"type\":\"AGRICULTURE\",\"annualAmount\":" + income + "}]";
        return "{\"householdId\":\"" + id + "\",\"county\":\"" + county + "\",\"residence\":\"" + residence
                + "\",\"povertyStatus\":\"" + status + "\""
                // As ImpactComparisonTest: a RETURNED household carries its return date, inside the one-year window.
                + (status.equals("RETURNED") ? ",\"returnedDate\":\"2019-09-01\"" : "")
                + ",\"incomes\":" + incomes + ",\"members\":[" + members + "]}";
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "null" : v.stringValue();
    }

    /** The part files of a Spark text output, concatenated in their order. */
    static String parts(Path dir) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                all.writeBytes(Files.readAllBytes(p));
            }
        }
        return all.toString(StandardCharsets.UTF_8);
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
