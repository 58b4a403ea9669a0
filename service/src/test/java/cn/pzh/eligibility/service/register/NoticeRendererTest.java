package cn.pzh.eligibility.service.register;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.store.DeterminationRecord;
import cn.pzh.eligibility.store.HouseholdVersion;
import cn.pzh.eligibility.store.RegisterDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The notice from a record, without a server: a grant and a refusal of the register's example family. */
class NoticeRendererTest {

    static Ruleset rules;

    @BeforeAll
    static void load() {
        rules = Ruleset.load(Path.of("../rules"));
    }

    private static String notice(ObjectNode doc) {
        RegisterDocument read = RegisterDocument.read(doc);
        Determination d = rules.evaluate(read.household(), LocalDate.of(2025, 6, 1));
        DeterminationRecord r = new DeterminationRecord(42, read.householdId(), 1, LocalDate.of(2025, 6, 1),
                rules.version(), "caseworker", Instant.parse("2025-06-02T02:00:00Z"), "0".repeat(64),
                Json.MAPPER.writeValueAsBytes(d));
        return new NoticeRenderer().render(r, new HouseholdVersion(read.householdId(), 1, doc, "caseworker",
                Instant.parse("2025-06-01T02:00:00Z")));
    }

    private static ObjectNode example() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(RegisterApiContract.EXAMPLE));
    }

    @Test
    void aGrantNamesThePeopleTheAmountsAndTheRights() throws Exception {
        String html = notice(example());
        assertThat(html).contains("社会救助待遇核定告知书", "王德明（户主）", "仁和区大田镇大田村三组 12 号", "王小军", "孙子女",
                "510411********1172", "低保兜底", "1,020.00 元/月", "按月发放", "核定记录编号：42", "2025年6月1日",
                "2025年6月2日", "仁和区民政局申请复核", "六十日", "行政复议法", "六个月", "行政诉讼法", "盖章");
        assertThat(html).doesNotContain("510411200909011172").doesNotContain("2.1.7.1").doesNotContain(rules.version());
    }

    @Test
    void aRefusalIsANoticeOfRefusalWithTheReasons() throws Exception {
        ObjectNode doc = example();
        // By hand: not a registered poor household, 120,000 yuan wages a year (10,000 a month for 3 people, far
        // above 440 × 3), no disability certificate, no medical costs, no hardship: nothing is granted.
        doc.put("povertyStatus", "NONE");
        doc.withArray("incomes").removeAll().addObject().put("type", "WAGE").put("annualAmount", 120000);
        for (var m : doc.withArray("members")) {
            ObjectNode o = (ObjectNode) m;
            o.remove("disability");
            o.remove("medicalCosts");
            o.put("student", "NONE");
            o.put("boarding", false);
            o.put("seriousIllness", false);
            o.put("chronicIllness", false);
        }
        String html = notice(doc);
        assertThat(html).contains("社会救助不予批准告知书", "决定不予批准", "不予批准的理由", "王德明（户主）", "复核");
        assertThat(html).doesNotContain("全年合计");
    }
}
