package cn.pzh.eligibility.service.register;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.service.EligibilityServiceApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The register over real HTTP, through a restart of the service and a change of its rules: what was recorded reads
 * back byte for byte and replays to the same bytes under the archived ruleset, and differently under the new one.
 * Subclasses give the database.
 */
abstract class RegisterApiContract {

    static final Path EXAMPLE = Path.of("../../shared/spec/household.register.example.json");
    static final String ID = "510411-2019-000123";
    static final String AS_OF = "2025-06-01";

    @TempDir
    Path tmp;

    /** Arguments naming the database; called once per test, the same database for both starts. */
    abstract List<String> databaseArguments(Path tmp);

    private ConfigurableApplicationContext start(Path rules, Path cases, List<String> db) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--rules.dir=" + rules, "--cases.dir=" + cases,
                "--reload.watch=false", "--register.dir=" + tmp.resolve("register")));
        args.addAll(db);
        return new SpringApplicationBuilder(EligibilityServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext c) {
        return Integer.parseInt(c.getEnvironment().getProperty("local.server.port"));
    }

    private static String fallback(JsonNode determination) {
        for (JsonNode e : determination.get("entitlements")) {
            if (e.get("code").stringValue().equals("DIBAO_FALLBACK")) {
                return e.get("amount").decimalValue().toPlainString();
            }
        }
        throw new AssertionError("no DIBAO_FALLBACK");
    }

    @Test
    void registeredDeterminedRestartedRulesChangedAndReplayed() throws Exception {
        Path rules = copy(Path.of("../rules"), tmp.resolve("rules"));
        Path cases = copy(Path.of("../test-cases"), tmp.resolve("test-cases"));
        List<String> db = databaseArguments(tmp);
        String example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        long recordId;
        String recorded;
        String oldVersion;
        try (ConfigurableApplicationContext app = start(rules, cases, db)) {
            Client cw = Client.caseworker(port(app));
            Client.Response created = cw.post("/api/v1/households", example);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo("/api/v1/households/" + ID);
            assertThat(created.header("ETag")).isEqualTo("\"1\"");
            assertThat(cw.post("/api/v1/households", example).status()).isEqualTo(409);

            // An edit names its base; a second edit from the same base is refused with both versions.
            ObjectNode edit = (ObjectNode) Json.MAPPER.readTree(example);
            edit.put("phone", "13900000000");
            Client.Response saved = cw.put("/api/v1/households/" + ID, edit.toString(), "\"1\"");
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().get("version").intValue()).isEqualTo(2);
            edit.put("baseVersion", 1);
            Client.Response stale = cw.put("/api/v1/households/" + ID, edit.toString(), null);
            assertThat(stale.status()).as(stale.body()).isEqualTo(409);
            assertThat(stale.contentType()).startsWith("application/problem+json");
            assertThat(stale.json().get("baseVersion").intValue()).isEqualTo(1);
            assertThat(stale.json().get("currentVersion").intValue()).isEqualTo(2);
            assertThat(stale.json().get("base").get("household").get("phone").stringValue()).isEqualTo("13800000000");
            assertThat(stale.json().get("current").get("household").get("phone").stringValue()).isEqualTo("13900000000");
            ObjectNode unbased = (ObjectNode) Json.MAPPER.readTree(example);
            assertThat(cw.put("/api/v1/households/" + ID, unbased.toString(), null).status()).isEqualTo(400);

            // A bad identity number: 400 naming the field, and the number itself nowhere in the answer.
            ObjectNode bad = (ObjectNode) Json.MAPPER.readTree(example);
            bad.put("householdId", "510411-2019-000777");
            ((ObjectNode) bad.withArray("members").get(0)).put("idNumber", "510411195803141312");
            Client.Response refused = cw.post("/api/v1/households", bad.toString());
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("path").stringValue()).isEqualTo("members[0].idNumber");
            assertThat(refused.body()).doesNotContain("510411195803141312");

            Client.Response found = cw.get("/api/v1/households?q=1311");
            assertThat(found.status()).as(found.body()).isEqualTo(200);
            assertThat(found.json().get("households").get(0).get("householdId").stringValue()).isEqualTo(ID);
            assertThat(found.body()).contains("510411********1311").doesNotContain("510411195803141311");
            assertThat(cw.get("/api/v1/households?q=" + java.net.URLEncoder.encode("王秀英", StandardCharsets.UTF_8))
                    .json().get("count").intValue()).isEqualTo(1);
            assertThat(cw.get("/api/v1/households/" + ID + "/versions").json().size()).isEqualTo(2);

            Client.Response determined = cw.post("/api/v1/households/" + ID + "/determinations?asOf=" + AS_OF, null);
            assertThat(determined.status()).as(determined.body()).isEqualTo(201);
            JsonNode record = determined.json();
            recordId = record.get("recordId").longValue();
            assertThat(determined.header("Location")).isEqualTo("/api/v1/determinations/" + recordId);
            assertThat(record.get("factsVersion").intValue()).isEqualTo(2);
            // Hand-worked: rural standard 440 on 2025-06-01, 3 members, 3,600 ÷ 12 = 300 countable: 1,020.00.
            assertThat(fallback(record.get("determination"))).isEqualTo("1020.00");
            assertThat(record.get("determination").toString()).doesNotContain("王").doesNotContain("510411195803");
            recorded = record.get("determination").toString();
            oldVersion = record.get("rulesetVersion").stringValue();

            Client.Response trial = cw.post("/api/v1/determinations?asOf=" + AS_OF,
                    Files.readString(Path.of("../../shared/spec/household.example.json")));
            assertThat(trial.status()).isEqualTo(200);
            assertThat(trial.json().get("trial").booleanValue()).isTrue();
            assertThat(trial.json().get("trialNote").stringValue()).contains("试算");
        }

        try (ConfigurableApplicationContext app = start(rules, cases, db)) {
            Client cw = Client.caseworker(port(app));
            Client policy = Client.policy(port(app));
            raiseRuralStandardFrom2025(rules);
            Client.Response reload = policy.post("/api/v1/ruleset/reload", "");
            assertThat(reload.status()).as(reload.body()).isEqualTo(200);
            assertThat(reload.json().get("outcome").stringValue()).isEqualTo("SWAPPED");
            String newVersion = reload.json().get("servingVersion").stringValue();
            assertThat(newVersion).isNotEqualTo(oldVersion);

            Client.Response back = cw.get("/api/v1/determinations/" + recordId);
            assertThat(back.status()).as(back.body()).isEqualTo(200);
            assertThat(back.json().get("determination").toString()).isEqualTo(recorded);
            assertThat(back.json().get("rulesetVersion").stringValue()).isEqualTo(oldVersion);
            assertThat(cw.get("/api/v1/households/" + ID + "/determinations").json().get(0).get("recordId").longValue())
                    .isEqualTo(recordId);

            Client.Response same = cw.post("/api/v1/determinations/" + recordId + "/replay", null);
            assertThat(same.status()).as(same.body()).isEqualTo(200);
            assertThat(same.json().get("identical").booleanValue()).isTrue();
            assertThat(same.json().get("rulesetVersion").stringValue()).isEqualTo(oldVersion);
            assertThat(same.json().get("determination").toString()).isEqualTo(recorded);

            Client.Response now = cw.post("/api/v1/determinations/" + recordId + "/replay?against=current", null);
            assertThat(now.status()).as(now.body()).isEqualTo(200);
            assertThat(now.json().get("identical").booleanValue()).isFalse();
            assertThat(now.json().get("rulesetVersion").stringValue()).isEqualTo(newVersion);
            // 470 × 3 − 300 = 1,110.00 under the new standard.
            assertThat(fallback(now.json().get("determination"))).isEqualTo("1110.00");
            JsonNode diff = now.json().get("differences").get(0);
            assertThat(diff.get("code").stringValue()).isEqualTo("DIBAO_FALLBACK");
            assertThat(diff.get("before").decimalValue()).isEqualByComparingTo("1020.00");
            assertThat(diff.get("after").decimalValue()).isEqualByComparingTo("1110.00");
            assertThat(now.json().get("rulesetChanges").toString()).contains("dibao.standard.rural");

            Client.Response notice = cw.get("/api/v1/households/" + ID + "/determinations/" + recordId + "/notice");
            assertThat(notice.status()).as(notice.body()).isEqualTo(200);
            assertThat(notice.contentType()).startsWith("text/html");
            assertThat(notice.body()).contains("王德明", "大田镇", "大田村", "三组 12 号", "王秀英", "孙子女",
                    "510411********1311", "低保兜底", "1,020.00", "核定记录编号：" + recordId, "复核", "行政复议",
                    "六十日", "行政诉讼", "六个月", "盖章", "攀脱贫领发〔2019〕2号")
                    .doesNotContain("510411195803141311").doesNotContain("2.1.7.1");

            Client.Response access = policy.get("/api/v1/access-records?householdId=" + ID);
            assertThat(access.status()).as(access.body()).isEqualTo(200);
            assertThat(access.body()).contains("\"PRINT\"", "\"REPLAY\"", "\"SEARCH\"", "\"OPEN\"", "\"DETERMINE\"");
            assertThat(cw.get("/api/v1/access-records").status()).isEqualTo(403);
            assertThat(cw.get("/api/v1/households/510411-2019-999999").status()).isEqualTo(404);
        }
    }

    static void raiseRuralStandardFrom2025(Path rules) throws IOException {
        Path f = rules.resolve("parameters/dibao.yaml");
        String old = """
                    - from: 2021-12-01
                      value: 440
                      reference: 攀枝花市城乡低保标准（2022年公布）
                """;
        String text = Files.readString(f);
        assertThat(text).contains(old);
        Files.writeString(f, text.replace(old, old + """
                    - from: 2025-01-01
                      value: 470
                      reference: 测试用调整（自动化测试）
                """));
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
