package cn.pzh.eligibility.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** {@code reevaluate --db}: the run from the command line, on the tables the service's worklist reads. */
class ReevaluateCliTest {

    @TempDir
    Path tmp;

    @Test
    void reevaluatesTheRegisterAndPrintsTheSummaryWithTheCliExitCodes() {
        String url = Store.h2FileUrl(tmp.resolve("db"));
        Store store = Store.open(Store.simple(url, "sa", ""));
        Ruleset rules = Ruleset.load(Fixtures.RULES);
        Casework casework = new Casework(store, tmp.resolve("rulesets"));
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode unaffected = Fixtures.another("510411-2019-000900", 900);
        unaffected.put("povertyStatus", "NONE");
        store.register().create(unaffected, "caseworker");
        casework.determine("510411-2019-000123", LocalDate.of(2021, 11, 30), rules, "caseworker");
        casework.determine("510411-2019-000900", LocalDate.of(2021, 11, 30), rules, "caseworker");

        StoreCliTest.Run ok = StoreCliTest.run("reevaluate", "--db", url, "--as-of", "2021-12-01", "--rules",
                Fixtures.RULES.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("DONE").contains("2 households read, 1 changed, 0 errors")
                .contains("households/s");
        Reevaluations.Run run = store.reevaluations().list(1).get(0);
        assertThat(run.startedBy()).isEqualTo("cli");
        // By hand (POLICY.md): the example is a rural registered-poor household of 3 with 3,600 yuan countable
        // (the disability subsidy is excluded) and no employable member. At 410 → 440: the guarantee 410 × 3 − 300 =
        // 930 → 1,020; the supplements (standard × the highest rate) 王德明 0.20 (grade 2) 82 → 88, 王秀英 0.30 (serious
        // illness) 123 → 132, 王小军 0.10 (minor) 41 → 44. The living subsidy (100) and the grade-2 nursing subsidy (50)
        // stay: monthly 930 + 246 + 100 + 50 = 1,326 → 1,020 + 264 + 150 = 1,434.
        Reevaluations.Item item = store.reevaluations().requireItem(run.id(), "510411-2019-000123");
        assertThat(item.kind()).isEqualTo("ADJUSTED");
        assertThat(item.beforeMonthly()).isEqualByComparingTo("1326");
        assertThat(item.afterMonthly()).isEqualByComparingTo("1434");
        assertThat(item.beforeAnnual()).isEqualByComparingTo(item.afterAnnual());
        assertThat(item.changes()).contains("\"DIBAO_FALLBACK\"").contains("农村低保标准");
        assertThat(cn.pzh.eligibility.input.Json.MAPPER.readTree(item.changes()).size()).isEqualTo(4);

        StoreCliTest.Run county = StoreCliTest.run("reevaluate", "--db", url, "--as-of", "2021-12-01", "--county",
                "东区", "--rules", Fixtures.RULES.toString());
        assertThat(county.code()).isZero();
        assertThat(county.out()).contains("0 households read, 0 changed");

        assertThat(StoreCliTest.run("reevaluate", "--db", url, "--rules", Fixtures.RULES.toString()).code())
                .isEqualTo(2);
        StoreCliTest.Run bad = StoreCliTest.run("reevaluate", "--db", url, "--as-of", "2021-12-32", "--rules",
                Fixtures.RULES.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--as-of");
        assertThat(StoreCliTest.run("reevaluate", "--db", url, "--as-of", "2021-12-01", "--rules",
                tmp.resolve("nowhere").toString()).code()).isEqualTo(2);
        assertThat(StoreCliTest.run("reevaluate", "--db", url, "--resume", "999", "--rules",
                Fixtures.RULES.toString()).code()).isEqualTo(2);
    }
}
