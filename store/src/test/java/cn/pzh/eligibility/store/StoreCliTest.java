package cn.pzh.eligibility.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.cli.Main;
import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The command-line tool with the store on its class path: store export|import and batch --db, in-process. */
class StoreCliTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new ByteArrayInputStream(new byte[0]), out, err, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String register() {
        String url = Store.h2FileUrl(tmp.resolve("db"));
        Store store = Store.open(Store.simple(url, "sa", ""));
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode edit = Fixtures.example();
        edit.put("phone", "13900000000");
        store.register().update("510411-2019-000123", 1, edit, "clerk2");
        store.register().create(Fixtures.another("510411-2019-000200", 5), "caseworker");
        return url;
    }

    @Test
    void exportThenImportCarriesEveryVersionAsItWas() throws Exception {
        String url = register();
        Path file = tmp.resolve("register.jsonl");
        Run export = run("store", "export", "--db", url, "--out", file.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.err()).contains("2 households, 3 versions exported");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(Json.MAPPER.readTree(lines.get(1)).get("version").intValue()).isEqualTo(2);

        // A broken line in the middle is reported by number; the others go in.
        Path withBad = tmp.resolve("with-bad.jsonl");
        Files.write(withBad, List.of(lines.get(0), "{\"householdId\": 王", lines.get(1), lines.get(2)));
        String other = Store.h2FileUrl(tmp.resolve("other"));
        Run imported = run("store", "import", "--db", other, "--in", withBad.toString());
        assertThat(imported.code()).isEqualTo(2);
        assertThat(imported.err()).contains("line 2: not valid JSON").contains("4 lines read, 3 versions imported, 1 errors")
                .doesNotContain("王");
        Store copy = Store.open(Store.simple(other, "sa", ""));
        Store original = Store.open(Store.simple(url, "sa", ""));
        assertThat(copy.register().versions("510411-2019-000123"))
                .isEqualTo(original.register().versions("510411-2019-000123"));
    }

    @Test
    void batchFromTheRegisterDeterminesEveryHouseholdsNewestFacts() throws Exception {
        String url = register();
        Path out = tmp.resolve("determinations.jsonl");
        Run batch = run("batch", "--db", url, "--out", out.toString(), "--as-of", "2025-06-01", "--rules",
                Fixtures.RULES.toString(), "--threads", "1");
        assertThat(batch.code()).as(batch.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertThat(first.get("householdId").stringValue()).isEqualTo("510411-2019-000123");
        // 440 × 3 − 3,600 ÷ 12 = 1,020.00, as in the store's own test.
        boolean found = false;
        for (JsonNode e : first.get("entitlements")) {
            if (e.get("code").stringValue().equals("DIBAO_FALLBACK")) {
                assertThat(e.get("amount").decimalValue()).isEqualByComparingTo("1020.00");
                found = true;
            }
        }
        assertThat(found).isTrue();
        String all = Files.readString(out) + Files.readString(Path.of(out + ".register.jsonl"));
        assertThat(all).doesNotContain("王").doesNotContain("510411195803141311").doesNotContain("测试");
        assertThat(batch.err()).contains("2 registered households");

        // Without --db the engine's batch is unchanged: it still wants --in.
        Run plain = run("batch", "--out", tmp.resolve("x.jsonl").toString());
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err()).contains("--in");
        assertThat(run("batch", "--db", url, "--in", "x", "--out", "y").code()).isEqualTo(2);
    }
    @Test
    void storeEncryptSealsAPlaintextRegisterOnceAndEveryCommandThenWantsTheKey() throws Exception {
        String url = register();
        Run newKey = run("store", "new-key", "--id", "k2026");
        assertThat(newKey.code()).as(newKey.err()).isZero();
        assertThat(newKey.out().strip()).matches("k2026:[A-Za-z0-9+/]{43}=");
        Path keyFile = tmp.resolve("register.keys");
        Files.writeString(keyFile, "# the register's keys, the current first\n" + newKey.out());

        Run noKey = run("store", "encrypt", "--db", url);
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("no key");

        Run encrypt = run("store", "encrypt", "--db", url, "--key-file", keyFile.toString());
        assertThat(encrypt.code()).as(encrypt.err()).isZero();
        assertThat(encrypt.out()).contains("key k2026: 3 versions and 6 member rows sealed (9 of them plaintext)")
                .contains("database files rewritten");
        Run again = run("store", "encrypt", "--db", url, "--key-file", keyFile.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("key k2026: 0 versions and 0 member rows sealed");

        // Without the key, or with another key under the same id: one clear line, exit 2, no stack trace.
        Run export = run("store", "export", "--db", url, "--out", tmp.resolve("x.jsonl").toString());
        assertThat(export.code()).as(export.err()).isEqualTo(2);
        assertThat(export.err()).contains("the register is encrypted (key k2026) but no key is configured")
                .contains("--key-file").doesNotContain("Exception").doesNotContain("\tat ");
        Path wrong = tmp.resolve("wrong.keys");
        Files.writeString(wrong, run("store", "new-key", "--id", "k2026").out());
        Run wrongKey = run("store", "export", "--db", url, "--key-file", wrong.toString());
        assertThat(wrongKey.code()).as(wrongKey.err()).isEqualTo(2);
        assertThat(wrongKey.err()).contains("key k2026 is not the key this register was encrypted with")
                .doesNotContain(Files.readString(wrong).strip().substring(6)).doesNotContain("Exception");
        Run missing = run("store", "export", "--db", url, "--key-file", tmp.resolve("none.keys").toString());
        assertThat(missing.code()).as(missing.err()).isEqualTo(2);
        assertThat(missing.err()).contains("--key-file: cannot read the key file");
        Run reevaluate = run("reevaluate", "--db", url, "--as-of", "2025-06-01", "--rules", Fixtures.RULES.toString());
        assertThat(reevaluate.code()).as(reevaluate.err()).isEqualTo(2);
        assertThat(reevaluate.err()).contains("no key is configured");

        // With the key: export gives the documents back whole, batch --db determines every household.
        Path file = tmp.resolve("register.jsonl");
        Run ok = run("store", "export", "--db", url, "--key-file", keyFile.toString(), "--out", file.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(file).get(0));
        assertThat(first.get("household").equals(Fixtures.example())).as("version 1 exported whole").isTrue();
        Path out = tmp.resolve("determinations.jsonl");
        Run batch = run("batch", "--db", url, "--key-file", keyFile.toString(), "--out", out.toString(), "--as-of",
                "2025-06-01", "--rules", Fixtures.RULES.toString(), "--threads", "1");
        assertThat(batch.code()).as(batch.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(2);
    }
}
