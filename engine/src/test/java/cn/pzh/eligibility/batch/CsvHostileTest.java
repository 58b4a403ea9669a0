package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CSV reader (Apache Commons CSV under the household layout) against hostile files: quotes, line breaks inside
 * cells, a byte-order mark, 10^5 columns, ragged rows, invalid UTF-8, a JSON Lines file named .csv. Every run must
 * keep lines in = determinations out + errors, and errors must name the right line.
 */
class CsvHostileTest {

    static final CsvLayout LAYOUT = CsvLayout.standard(1, 1);

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        BatchRunnerTest.load();
    }

    static ObjectNode household(String id, String relation2) {
        ObjectNode h = (ObjectNode) Json.MAPPER.readTree("{\"householdId\":\"" + id + "\",\"county\":\"东区\","
                + "\"residence\":\"URBAN\",\"povertyStatus\":\"NONE\",\"incomes\":[{\"type\":\"WAGE\","
                + "\"annualAmount\":3600}],\"members\":[{\"memberId\":\"m1\",\"birthDate\":\"1950-01-01\"},"
                + "{\"memberId\":\"m2\",\"birthDate\":\"1952-01-01\"}]}");
        ((ObjectNode) h.get("members").get(1)).put("relation", relation2);
        return h;
    }

    private BatchSummary run(Path in) {
        return BatchRunner.run(BatchOptions.builder(in, dir.resolve("out.jsonl"), BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF).chunkSize(2).threads(2).build(), null);
    }

    private List<JsonNode> errors(BatchSummary s) throws IOException {
        return Files.readAllLines(s.errorsFile()).stream().map(Json.MAPPER::readTree).toList();
    }

    private List<String> out() throws IOException {
        return Files.readAllLines(dir.resolve("out.jsonl"));
    }

    private static String determination(JsonNode h) {
        return Json.MAPPER.writeValueAsString(BatchRunnerTest.rules.evaluate(HouseholdReader.read(h),
                BatchRunnerTest.AS_OF));
    }

    @Test
    void quotesCommasAndLineBreaksInsideCellsAreReadAndLinesStayRight() throws IOException {
        ObjectNode a = household("H1", "父亲, \"老\"大");
        ObjectNode b = household("H2", "第一行\n第二行\r\n第三行");
        ObjectNode c = household("H3", "子女");
        List<String> rows = new ArrayList<>(List.of(LAYOUT.headerLine()));
        rows.addAll(LAYOUT.rows(a)); // lines 2, 3
        rows.addAll(LAYOUT.rows(b)); // lines 4, 5–7 (the relation spans three lines)
        List<String> cRows = LAYOUT.rows(c);
        String bad = cRows.get(1).replace(",1952-01-01,", ",1952-02-30,");
        rows.add(cRows.get(0)); // line 8
        rows.add(bad);          // line 9: not a real date
        Path in = dir.resolve("in.csv");
        Files.writeString(in, String.join("\n", rows) + "\n");
        BatchSummary s = run(in);
        assertThat(s.households()).isEqualTo(3);
        assertThat(s.written()).isEqualTo(2);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.linesRead()).isEqualTo(8); // physical lines after the header
        assertThat(out()).containsExactly(determination(a), determination(household("H2", "第一行\n第二行\n第三行")));
        JsonNode e = errors(s).get(0);
        assertThat(e.get("line").asLong()).isEqualTo(9);
        assertThat(e.get("householdId").stringValue()).isEqualTo("H3");
        assertThat(e.get("path").stringValue()).isEqualTo("members[1].birthDate");
        assertThat(e.get("column").stringValue()).isEqualTo("birthDate");
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsAccepted() throws IOException {
        ObjectNode a = household("H1", "子女");
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "\uFEFF" + LAYOUT.headerLine() + "\r\n" + String.join("\r\n", LAYOUT.rows(a)) + "\r\n");
        BatchSummary s = run(in);
        assertThat(s.errors()).isZero();
        assertThat(out()).containsExactly(determination(a));
    }

    @Test
    void aHeaderOfAHundredThousandColumnsIsRefusedWithAShortMessage() throws IOException {
        StringBuilder header = new StringBuilder("householdId,memberId");
        for (int i = 0; i < 100_000; i++) {
            header.append(",col").append(i);
        }
        Path in = dir.resolve("in.csv");
        Files.writeString(in, header + "\nH1,m1\n");
        assertThatThrownBy(() -> run(in)).isInstanceOf(BatchException.class)
                .hasMessageContaining("100002 columns").hasMessageContaining("at most")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
    }

    @Test
    void aHeaderOfManyUnknownColumnsListsAFewAndCountsTheRest() throws IOException {
        StringBuilder header = new StringBuilder("householdId,memberId");
        for (int i = 0; i < 1500; i++) {
            header.append(",col").append(i);
        }
        Path in = dir.resolve("in.csv");
        Files.writeString(in, header + "\nH1,m1\n");
        assertThatThrownBy(() -> run(in)).isInstanceOf(BatchException.class)
                .hasMessageContaining("unknown column 'col0'").hasMessageContaining("and 1495 more problems")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
    }

    @Test
    void raggedRowsAreReportedByLineAndSpoilOnlyTheirHousehold() throws IOException {
        ObjectNode a = household("H1", "子女");
        ObjectNode b = household("H2", "子女");
        ObjectNode c = household("H3", "子女");
        List<String> rows = new ArrayList<>(List.of(LAYOUT.headerLine()));
        rows.addAll(LAYOUT.rows(a));                       // 2, 3
        List<String> bRows = LAYOUT.rows(b);
        rows.add(bRows.get(0));                            // 4
        rows.add(bRows.get(1) + ",extra,cells");           // 5: more cells than columns
        rows.addAll(LAYOUT.rows(c));                       // 6, 7
        rows.add("H4,东区,URBAN,NONE");                      // 8: fewer cells: the rest is empty (memberId missing)
        Path in = dir.resolve("in.csv");
        Files.writeString(in, String.join("\n", rows) + "\n");
        BatchSummary s = run(in);
        assertThat(s.households()).isEqualTo(4);
        assertThat(s.written() + s.errors()).isEqualTo(4);
        assertThat(out()).containsExactly(determination(a), determination(c));
        List<JsonNode> errs = errors(s);
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.get("line").asLong()).isEqualTo(5);
            assertThat(e.get("householdId").stringValue()).isEqualTo("H2");
            assertThat(e.get("message").stringValue()).contains("cells, the header");
        });
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.get("line").asLong()).isEqualTo(8);
            assertThat(e.get("path").stringValue()).isEqualTo("members[0].memberId");
        });
    }

    @Test
    void brokenQuotingIsAnErrorOfItsHousehold() throws IOException {
        ObjectNode a = household("H1", "子女");
        List<String> rows = new ArrayList<>(List.of(LAYOUT.headerLine()));
        List<String> aRows = LAYOUT.rows(a);
        rows.add(aRows.get(0));
        rows.add(aRows.get(1).replace(",子女,", ",\"子\"女,")); // text after a closing quote
        rows.addAll(LAYOUT.rows(household("H2", "子女")));
        Path in = dir.resolve("in.csv");
        Files.writeString(in, String.join("\n", rows) + "\n");
        BatchSummary s = run(in);
        assertThat(s.households()).isEqualTo(2);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(out()).containsExactly(determination(household("H2", "子女")));
        assertThat(errors(s).get(0).get("line").asLong()).isEqualTo(3);
        assertThat(errors(s).get(0).get("message").stringValue()).contains("not valid CSV");
    }

    @Test
    void invalidUtf8IsRefusedNotSilentlyReplaced() throws IOException {
        ObjectNode a = household("H1", "子女");
        ObjectNode b = household("H2", "子女");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((LAYOUT.headerLine() + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> aRows = LAYOUT.rows(a);
        bytes.writeBytes((aRows.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] second = (aRows.get(1) + "\n").getBytes(StandardCharsets.UTF_8);
        int at = new String(second, StandardCharsets.UTF_8).indexOf("子女");
        byte[] spoiled = second.clone();
        // an overlong "/" (C0 AF) where the relation's first character was
        byte[] rel = "子".getBytes(StandardCharsets.UTF_8);
        int pos = new String(second, 0, second.length, StandardCharsets.UTF_8).substring(0, at)
                .getBytes(StandardCharsets.UTF_8).length;
        spoiled[pos] = (byte) 0xC0;
        spoiled[pos + 1] = (byte) 0xAF;
        spoiled[pos + 2] = (byte) 'x';
        assertThat(rel).hasSize(3);
        bytes.writeBytes(spoiled);
        bytes.writeBytes((String.join("\n", LAYOUT.rows(b)) + "\n").getBytes(StandardCharsets.UTF_8));
        Path in = dir.resolve("in.csv");
        Files.write(in, bytes.toByteArray());
        BatchSummary s = run(in);
        assertThat(s.households()).isEqualTo(2);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(out()).containsExactly(determination(b));
        JsonNode e = errors(s).get(0);
        assertThat(e.get("line").asLong()).isEqualTo(3);
        assertThat(e.get("householdId").stringValue()).isEqualTo("H1");
        assertThat(e.get("message").stringValue()).contains("not valid UTF-8");
    }

    @Test
    void invalidUtf8InJsonLinesIsRefusedByLine() throws IOException {
        String good = Json.MAPPER.writeValueAsString(household("H1", "子女"));
        String other = Json.MAPPER.writeValueAsString(household("H2", "子女"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] spoiled = other.replace("子女", "ab").getBytes(StandardCharsets.UTF_8);
        int i = other.replace("子女", "ab").indexOf("ab");
        spoiled[i] = (byte) 0xF4; // F4 90 80 80: beyond U+10FFFF
        spoiled[i + 1] = (byte) 0x90;
        bytes.writeBytes(spoiled);
        bytes.writeBytes(new byte[] {(byte) 0x80, (byte) 0x80});
        bytes.writeBytes(("\n" + good.replace("H1", "H3") + "\n").getBytes(StandardCharsets.UTF_8));
        Path in = dir.resolve("in.jsonl");
        Files.write(in, bytes.toByteArray());
        BatchSummary s = run(in);
        assertThat(s.households()).isEqualTo(3);
        assertThat(s.written()).isEqualTo(2);
        assertThat(s.errors()).isEqualTo(1);
        JsonNode e = errors(s).get(0);
        assertThat(e.get("line").asLong()).isEqualTo(2);
        assertThat(e.get("message").stringValue()).contains("not valid UTF-8");
    }

    @Test
    void aJsonLinesFileNamedCsvIsRefusedWithoutQuotingItsHouseholds() throws IOException {
        Path in = BatchRunnerTest.generate(dir.resolve("in.csv"), 3, false, 0);
        String first = Files.readAllLines(in).get(0);
        String birth = Json.MAPPER.readTree(first).at("/members/0/birthDate").stringValue();
        assertThatThrownBy(() -> run(in)).isInstanceOf(BatchException.class)
                .hasMessageContaining("--format jsonl").hasMessageNotContaining(birth)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
    }
}
