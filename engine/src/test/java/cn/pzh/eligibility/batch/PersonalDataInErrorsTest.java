package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
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
 * A batch's errors file is a log: it carries line numbers, field paths and the problem, never a personal value
 * (birth dates, incomes, medical amounts, a whole line). Every bad value below is distinctive, so any that comes
 * through shows.
 */
class PersonalDataInErrorsTest {

    /** Values that must not reach the errors file. */
    static final List<String> SECRETS = List.of("1987-14-33", "-123456.78", "77", "SECRETKIND", "秘密县", "5555.55",
            "6666.66", "12221.21", "zzzsecret", "4242.42", "3131.31", "BIRTHDAY-1961", "12.345");

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        BatchRunnerTest.load();
    }

    static ObjectNode base(String id) {
        return (ObjectNode) Json.MAPPER.readTree("{\"householdId\":\"" + id + "\",\"county\":\"东区\","
                + "\"residence\":\"URBAN\",\"povertyStatus\":\"NONE\",\"incomes\":[{\"type\":\"WAGE\","
                + "\"annualAmount\":3600}],\"members\":[{\"memberId\":\"m1\",\"birthDate\":\"1950-01-01\"}]}");
    }

    static ObjectNode member(ObjectNode h) {
        return (ObjectNode) h.get("members").get(0);
    }

    private static List<String> badLines() {
        List<String> lines = new ArrayList<>();
        ObjectNode h = base("P1");
        member(h).put("birthDate", "1987-14-33");
        lines.add(h.toString());
        h = base("P2");
        ((ObjectNode) h.get("incomes").get(0)).put("annualAmount", new java.math.BigDecimal("-123456.78"));
        lines.add(h.toString());
        h = base("P3");
        member(h).putObject("disability").put("certificate", "SECOND_GEN").put("grade", 77).put("category", "PHYSICAL");
        lines.add(h.toString());
        h = base("P4");
        member(h).putArray("medicalCosts").addObject().put("date", "2019-05-01").put("kind", "SECRETKIND")
                .put("inCounty", true).put("total", 100).put("basicInsurance", 0).put("seriousIllnessInsurance", 0)
                .put("otherReimbursement", 0);
        lines.add(h.toString());
        h = base("P5");
        h.put("county", "秘密县");
        lines.add(h.toString());
        h = base("P6");
        member(h).putArray("medicalCosts").addObject().put("date", "2019-05-01").put("kind", "OUTPATIENT")
                .put("inCounty", true).put("total", new java.math.BigDecimal("5555.55"))
                .put("basicInsurance", new java.math.BigDecimal("6666.66"))
                .put("seriousIllnessInsurance", 0).put("otherReimbursement", new java.math.BigDecimal("5554.55"));
        lines.add(h.toString());
        lines.add("{\"householdId\":\"P7\",\"county\": zzzsecret}");
        h = base("P8");
        member(h).put("birthDate", "2001-06-01"); // of working age, no labour capacity: the message gave the age
        lines.add(h.toString());
        h = base("P9");
        member(h).put("relation", 4242.42).put("birthDate", 3131.31);
        lines.add(h.toString());
        h = base("P10");
        member(h).put("birthDate", "BIRTHDAY-1961");
        ((ObjectNode) h.get("incomes").get(0)).put("annualAmount", new java.math.BigDecimal("12.345"));
        lines.add(h.toString());
        return lines;
    }

    @Test
    void theErrorsFileOfJsonLinesCarriesNoValue() throws IOException {
        Path in = Files.write(dir.resolve("in.jsonl"), badLines());
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, dir.resolve("out.jsonl"), BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF).build(), null);
        assertThat(s.errors()).isEqualTo(10);
        String errors = Files.readString(s.errorsFile());
        for (String secret : SECRETS) {
            assertThat(errors).as(secret).doesNotContain(secret);
        }
        List<JsonNode> errs = Files.readAllLines(s.errorsFile()).stream().map(Json.MAPPER::readTree).toList();
        // what is kept: the line, the path and the problem
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.get("line").asLong()).isEqualTo(1);
            assertThat(e.get("path").stringValue()).isEqualTo("members[0].birthDate");
            assertThat(e.get("message").stringValue()).contains("must be a date as YYYY-MM-DD");
        });
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.get("path").stringValue()).isEqualTo("members[0].disability.grade");
            assertThat(e.get("message").stringValue()).contains("must be a whole number from 1 to 4");
        });
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.get("line").asLong()).isEqualTo(7);
            assertThat(e.get("message").stringValue()).startsWith("not valid JSON at line 1, column");
        });
    }

    @Test
    void theErrorsFileOfCsvCarriesNoValue() throws IOException {
        CsvLayout layout = CsvLayout.standard(1, 1);
        List<String> rows = new ArrayList<>(List.of(layout.headerLine()));
        ObjectNode h = base("C1");
        h.putObject("hardship").put("cause", "ILLNESS").put("date", "2019-05-01")
                .put("uncoveredExpense", new java.math.BigDecimal("4242.42"));
        ((tools.jackson.databind.node.ArrayNode) h.get("members")).addObject().put("memberId", "m2")
                .put("birthDate", "1952-01-01");
        List<String> cRows = layout.rows(h);
        rows.add(cRows.get(0));
        rows.add(cRows.get(1).replace(",4242.42,", ",3131.31,")); // a household column that disagrees
        for (String line : badLines()) {
            JsonNode n = Json.MAPPER.readTree(line.contains("zzzsecret") ? base("P7").toString() : line);
            try {
                rows.addAll(layout.rows(n));
            } catch (IllegalArgumentException e) {
                // more items than the layout's columns: not needed here
            }
        }
        Path in = Files.write(dir.resolve("in.csv"), rows);
        BatchSummary s = BatchRunner.run(BatchOptions.builder(in, dir.resolve("out.jsonl"), BatchRunnerTest.rules,
                BatchRunnerTest.AS_OF).build(), null);
        assertThat(s.errors()).isGreaterThanOrEqualTo(9);
        assertThat(s.written() + s.errors()).isEqualTo(s.households());
        String errors = Files.readString(s.errorsFile());
        for (String secret : SECRETS) {
            assertThat(errors).as(secret).doesNotContain(secret);
        }
        assertThat(errors).contains("hardshipUncoveredExpense differs between line 2 and line 3");
    }

    @Test
    void longMessagesAreCut() {
        String m = LogSafe.message("x".repeat(100_000));
        assertThat(m.length()).isLessThan(LogSafe.MAX_MESSAGE + 50);
    }
}
