package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import cn.pzh.eligibility.input.Json;

/** The command-line tool as a user runs it: arguments in; output, messages and exit code out. */
class CliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String exampleLine() throws Exception {
        return Json.MAPPER.readTree(Files.readString(Paths.EXAMPLE)).toString();
    }

    @Test
    void evaluatesAFile() {
        Run r = run("", "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01", Paths.EXAMPLE.toString());
        assertThat(r.code()).isZero();
        JsonNode d = Json.MAPPER.readTree(r.out());
        assertThat(d.get("householdId").stringValue()).isEqualTo("510411-2019-000123");
        assertThat(d.get("entitlements").get(0).get("amount").decimalValue()).isEqualByComparingTo("930.00");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aBadHouseholdExitsWithTwoAndNamesTheField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(Paths.EXAMPLE).replace("\"grade\": 2", "\"grade\": 7"));
        Run r = run("", "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("household 510411-2019-000123: members[0].disability.grade: must be a whole number from 1 to 4")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMalformedAsOfExitsWithTwo() {
        Run r = run("", "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-13-01", Paths.EXAMPLE.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--as-of").contains("2019-13-01");
    }

    @Test
    void jsonLinesReportABadLineByNumberAndGoOn() throws Exception {
        String good = exampleLine();
        String input = good + "\n" + good.replace("510411-2019-000123", "H-2") + "\n{not json\n"
                + good.replace("510411-2019-000123", "H-4").replace("\"RURAL\"", "\"TOWN\"") + "\n"
                + good.replace("510411-2019-000123", "H-5") + "\n";
        Run r = run(input, "evaluate", "--rules", Paths.RULES.toString(), "--as-of", "2019-10-01", "--jsonl");
        assertThat(r.code()).isEqualTo(2);
        var lines = r.out().lines().map(Json.MAPPER::readTree).map(n -> n.get("householdId").stringValue()).toList();
        assertThat(lines).containsExactly("510411-2019-000123", "H-2", "H-5");
        assertThat(r.err()).contains("line 3: household (no householdId): $: not valid JSON")
                .contains("line 4: household H-4: residence: unknown value 'TOWN'")
                .contains("5 lines read, 3 determinations written, 2 errors");
    }

    @Test
    void aBrokenRulesDirectoryExitsWithTwoAndNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = Paths.copyRules(dir.resolve("rules"));
        Files.writeString(rules.resolve("parameters/school.yaml"),
                Files.readString(rules.resolve("parameters/school.yaml")).replace("    - from: 2019-01-01\n      value: 6",
                        "    - from: 2019-01-01\n      value: six"));
        Run r = run("", "evaluate", "--rules", rules.toString(), "--as-of", "2019-10-01", Paths.EXAMPLE.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsPattern("rules/parameters/school\\.yaml:\\d+: error: value 'six'");
    }

    @Test
    void testCommandClosesWithCountsAndFailsOnAWrongExpectation(@TempDir Path dir) throws Exception {
        Path cases = Files.createDirectories(dir.resolve("cases"));
        String example = Files.readString(Paths.EXAMPLE);
        String household = Json.MAPPER.readTree(example).toString();
        Files.writeString(cases.resolve("wrong.yaml"), "name: 错误的预期\nasOf: 2019-10-01\nhousehold: " + household
                + "\nexpect:\n  entitlements:\n    - { code: DIBAO_FALLBACK, amount: 931.00 }\n  advisories: []\n");
        Run r = run("", "test", "--rules", Paths.RULES.toString(), cases.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("expected DIBAO_FALLBACK 931.00, actual: [DIBAO_FALLBACK 930.00]")
                .contains("not expected: advisory PENSION_ENROL m2")
                .contains("0 passed, 1 failed");
    }
}
