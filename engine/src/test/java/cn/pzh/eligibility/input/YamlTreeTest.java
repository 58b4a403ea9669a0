package cn.pzh.eligibility.input;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.model.Member;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * A household written in YAML (the test-cases under test-cases/) must mean what the same household means in JSON,
 * and what the YAML says: a value YAML reads as a flag stays that flag, a whole number stays whole, a date stays
 * the text the reader checks.
 */
class YamlTreeTest {

    private static JsonNode tree(String yaml) {
        return YamlTree.toJson(new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml)));
    }

    @Test
    void aHouseholdInYamlReadsAsTheSameHouseholdInJson() {
        String yaml = """
                householdId: TC-1
                county: 仁和区
                residence: RURAL
                povertyStatus: REGISTERED
                hardship: ~
                incomes:
                  - { type: WAGE, annualAmount: 14760.00 }
                  - { type: AGRICULTURE, annualAmount: 1_200 }
                members:
                  - { memberId: m1, birthDate: 1950-01-01, laborCapacity: NONE, receivesBasicPension: true,
                      disability: { certificate: SECOND_GEN, grade: 2, category: PHYSICAL } }
                """;
        JsonNode t = tree(yaml);
        assertThat(t.get("hardship").isNull()).isTrue();
        assertThat(t.get("members").get(0).get("birthDate").isString()).isTrue();
        assertThat(t.get("members").get(0).get("disability").get("grade").isIntegralNumber()).isTrue();
        assertThat(t.get("incomes").get(0).get("annualAmount").decimalValue()).isEqualTo("14760.00");
        Household h = HouseholdReader.read(t);
        Household json = HouseholdReader.parse("""
                {"householdId": "TC-1", "county": "仁和区", "residence": "RURAL", "povertyStatus": "REGISTERED",
                 "hardship": null,
                 "incomes": [{"type": "WAGE", "annualAmount": 14760.00}, {"type": "AGRICULTURE", "annualAmount": 1200}],
                 "members": [{"memberId": "m1", "birthDate": "1950-01-01", "laborCapacity": "NONE",
                   "receivesBasicPension": true,
                   "disability": {"certificate": "SECOND_GEN", "grade": 2, "category": "PHYSICAL"}}]}""");
        assertThat(h).isEqualTo(json);
    }

    @Test
    void everyWayYamlWritesAFlagKeepsItsMeaning() {
        // YAML 1.1, which SnakeYAML reads, takes yes/on as true and no/off as false: a test-case written
        // "employed: yes" means an employed member, never an unemployed one.
        for (String yes : new String[] {"true", "True", "TRUE", "yes", "Yes", "on", "ON"}) {
            Member m = HouseholdReader.read(tree(member("employed: " + yes))).members().get(0);
            assertThat(m.employed()).as(yes).isTrue();
        }
        for (String no : new String[] {"false", "False", "no", "No", "off", "OFF"}) {
            Member m = HouseholdReader.read(tree(member("employed: " + no))).members().get(0);
            assertThat(m.employed()).as(no).isFalse();
        }
    }

    @Test
    void aNumberYamlCannotWriteAsADecimalStaysTextForTheReaderToRefuse() {
        JsonNode t = tree(member("employed: false") + "incomes:\n  - { type: WAGE, annualAmount: .inf }\n"
                + "  - { type: WAGE, annualAmount: 0x1F }\n  - { type: WAGE, annualAmount: 12.5 }\n");
        assertThat(t.get("incomes").get(0).get("annualAmount").stringValue()).isEqualTo(".inf");
        assertThat(t.get("incomes").get(1).get("annualAmount").stringValue()).isEqualTo("0x1F");
        assertThat(t.get("incomes").get(2).get("annualAmount").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(t.get("incomes").get(2).get("annualAmount").isIntegralNumber()).isFalse();
    }

    private static String member(String field) {
        return "householdId: TC-2\ncounty: 东区\nresidence: URBAN\npovertyStatus: NONE\n"
                + "members:\n  - { memberId: m1, birthDate: 1950-01-01, " + field + " }\n";
    }
}
