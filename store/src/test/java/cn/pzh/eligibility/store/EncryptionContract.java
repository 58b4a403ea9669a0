package cn.pzh.eligibility.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encryption at rest of the register, on every database the store runs on: what the raw tables hold, search and
 * uniqueness through the blind indexes, a key rotation, a wrong or missing key, the encryption of a plaintext
 * register (interrupted and resumed). Failure messages name what kind of value leaked, never the value: the
 * before-stop check greps the test reports for the example's name and number.
 */
abstract class EncryptionContract {

    static final String EXAMPLE_ID = "510411-2019-000123";
    /** The example's personal values, by what they are; none may be in a raw table of an encrypted register. */
    static final Map<String, String> PERSONAL = new LinkedHashMap<>();

    static {
        PERSONAL.put("head's name", "王德明");
        PERSONAL.put("child's name", "王秀英");
        PERSONAL.put("grandchild's name", "王小军");
        PERSONAL.put("head's identity number", "510411195803141311");
        PERSONAL.put("child's identity number", "510411198511302420");
        PERSONAL.put("grandchild's identity number", "510411200909011172");
        PERSONAL.put("phone", "13800000000");
        PERSONAL.put("address detail", "三组 12 号");
        PERSONAL.put("a birth date", "1958-03-14");
        PERSONAL.put("the disability certificate (a health fact)", "SECOND_GEN");
        PERSONAL.put("another household's member name", "测试5m1");
    }

    static Ruleset rules;

    @TempDir
    Path tmp;

    abstract DataSource freshDatabase();

    /** The file an H2 database lives in (the last fresh one), or null when the database is a server. */
    Path databaseFile() {
        return null;
    }

    @BeforeAll
    static void loadRules() {
        if (rules == null) {
            rules = Ruleset.load(Fixtures.RULES);
        }
    }

    /**
     * Every value of every row of every table, as the database gives it to plain JDBC; but the ruleset archive's
     * file contents (the published rules name every certificate kind and category: policy, not a person's data).
     */
    static String rawTables(DataSource ds) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet t = md.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (t.next()) {
                    tables.add(t.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables found").isNotEmpty();
            for (String table : tables) {
                if (table.equalsIgnoreCase("ruleset_blob")) {
                    continue;
                }
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData m = r.getMetaData();
                    while (r.next()) {
                        for (int i = 1; i <= m.getColumnCount(); i++) {
                            Object v = r.getObject(i);
                            all.append(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v).append('\u0001');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    /** Which kinds of personal value {@code text} holds in clear (their labels only). */
    static List<String> personalIn(String text) {
        return PERSONAL.entrySet().stream().filter(e -> text.contains(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /**
     * Which kinds of personal value a database file holds, in UTF-8 or as H2's MVStore writes strings (UTF-8's lead
     * bytes without the continuation bytes' high bit).
     */
    static List<String> personalInFile(Path file) throws java.io.IOException {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        return PERSONAL.entrySet().stream().filter(e -> bytes.contains(latin1(e.getValue().getBytes(StandardCharsets.UTF_8)))
                || bytes.contains(latin1(h2String(e.getValue())))).map(Map.Entry::getKey).toList();
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] h2String(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (char c : s.toCharArray()) {
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(c & 0x3f);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write((c >> 6) & 0x3f);
                out.write(c & 0x3f);
            }
        }
        return out.toByteArray();
    }

    static ObjectNode second() {
        ObjectNode other = Fixtures.another("510411-2019-000200", 5);
        other.withObjectProperty("address").put("village", "金江村");
        return other;
    }

    static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::householdId).toList();
    }

    static List<String> keyIds(DataSource ds, String table) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT key_id FROM " + table)) {
            TreeSet<String> out = new TreeSet<>();
            while (r.next()) {
                out.add(String.valueOf(r.getString(1)));
            }
            return List.copyOf(out);
        }
    }

    @Test
    void theRawTablesHoldNoNameNumberPhoneAddressOrHealthFactInClear() throws Exception {
        // The same check on a plaintext register finds every one: it can fail.
        DataSource plainDb = freshDatabase();
        Store plain = Store.open(plainDb);
        plain.register().create(Fixtures.example(), "caseworker");
        plain.register().create(second(), "caseworker");
        assertThat(personalIn(rawTables(plainDb))).containsExactlyElementsOf(PERSONAL.keySet());

        DataSource ds = freshDatabase();
        Store store = Store.open(ds, TestKeys.keys(TestKeys.K1));
        store.register().create(Fixtures.example(), "caseworker");
        store.register().create(second(), "caseworker");
        ObjectNode edit = Fixtures.example();
        edit.put("phone", "13800000000");
        store.register().update(EXAMPLE_ID, 1, edit, "clerk2");
        assertThat(personalIn(rawTables(ds))).as("personal values in clear in the raw tables").isEmpty();
        assertThat(keyIds(ds, "household_version")).containsExactly("k1");
        assertThat(keyIds(ds, "household_person")).containsExactly("k1");
        // Township and village stay plain for search and the re-evaluation's selection by place.
        String raw = rawTables(ds);
        assertThat(raw.contains("大田镇") && raw.contains("金江村")).as("township and village in clear").isTrue();

        // Read back whole through the store; search by every kind still works.
        assertThat(store.register().require(EXAMPLE_ID).document().equals(edit)).as("document read back").isTrue();
        assertThat(store.register().versions(EXAMPLE_ID).get(1).document().equals(Fixtures.example()))
                .as("version 1 read back").isTrue();
        assertThat(ids(store.register().search("1311", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("510411200909011172", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("王秀英", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("测试5m2", null, null))).containsExactly("510411-2019-000200");
        assertThat(ids(store.register().search("大田镇", null, null)))
                .containsExactly(EXAMPLE_ID, "510411-2019-000200");
        assertThat(ids(store.register().search("金江村", null, null))).containsExactly("510411-2019-000200");
        assertThat(ids(store.register().search("1311", "大田镇", "大田村"))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("1311", "大田镇", "金江村"))).isEmpty();
        assertThat(store.register().search("王", null, null)).isEmpty(); // exact names only, as without a key
        SearchHit hit = store.register().search("1311", null, null).get(0);
        assertThat("王德明".equals(hit.headName())).as("the head's name opened from the sealed search list").isTrue();
        assertThat(hit.members()).extracting(SearchHit.Member::maskedIdNumber)
                .containsExactly("510411********1311", "510411********2420", "510411********1172");
    }

    @Test
    void oneIdentityNumberStaysInOneHouseholdWithEncryptionOn() throws Exception {
        DataSource ds = freshDatabase();
        Store store = Store.open(ds, TestKeys.keys(TestKeys.K1));
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode other = Fixtures.another("510411-2019-000999", 7);
        ((ObjectNode) other.withArray("members").get(1)).put("idNumber", "510411198511302420");
        assertThatThrownBy(() -> store.register().create(other, "caseworker"))
                .isInstanceOfSatisfying(InvalidHouseholdException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::path).containsExactly("members[1].idNumber"));
        assertThat(store.register().latest("510411-2019-000999")).isEmpty();

        // The database's unique index on the blind index holds too, without the register's own check.
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO household_person (household_id, member_index, key_id, id_index) SELECT '510411-2019-000999',"
                        + " 9, key_id, id_index FROM household_person WHERE household_id = ? AND member_index = 1")) {
            s.setString(1, EXAMPLE_ID);
            assertThatThrownBy(s::executeUpdate).isInstanceOf(java.sql.SQLException.class)
                    .satisfies(e -> assertThat(((java.sql.SQLException) e).getSQLState()).isEqualTo("23505"));
        }
    }

    @Test
    void aRotatedKeyReadsOldRowsUntilStoreEncryptResealsThemAndThenTheOldKeyMayGo() throws Exception {
        DataSource ds = freshDatabase();
        Store k1 = Store.open(ds, TestKeys.keys(TestKeys.K1));
        k1.register().create(Fixtures.example(), "caseworker");
        k1.register().create(second(), "caseworker");

        // k2 first (new rows), k1 after it (old rows): both readable, search finds old and new.
        Store rotating = Store.open(ds, TestKeys.keys(TestKeys.K2, TestKeys.K1));
        assertThat(rotating.register().require(EXAMPLE_ID).document().equals(Fixtures.example()))
                .as("an old row read with the old key").isTrue();
        rotating.register().create(Fixtures.another("510411-2019-000300", 9), "caseworker");
        assertThat(keyIds(ds, "household_version")).containsExactly("k1", "k2");
        assertThat(ids(rotating.register().search("1311", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(rotating.register().search("测试9m1", null, null))).containsExactly("510411-2019-000300");
        assertThat(ids(rotating.register().search("大田镇", null, null))).hasSize(3);
        // A number indexed under k1 is still found taken by a save under k2.
        ObjectNode dup = Fixtures.another("510411-2019-000400", 11);
        ((ObjectNode) dup.withArray("members").get(0)).put("idNumber", "510411195803141311");
        assertThatThrownBy(() -> rotating.register().create(dup, "caseworker"))
                .isInstanceOfSatisfying(InvalidHouseholdException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::path).containsExactly("members[0].idNumber"));

        // Dropping k1 before the rows are re-sealed is refused, naming k1.
        assertThatThrownBy(() -> Store.open(ds, TestKeys.keys(TestKeys.K2)))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("key k1")
                .hasMessageContaining("not configured");

        List<String> progress = new ArrayList<>();
        RegisterEncryption.Report r = Store.encrypt(ds, TestKeys.keys(TestKeys.K2, TestKeys.K1), progress::add);
        assertThat(r.versions()).isEqualTo(2);
        assertThat(r.members()).isEqualTo(6);
        assertThat(r.plaintextRows()).isZero();
        assertThat(r.retiredKeys()).containsExactly("k1");
        assertThat(keyIds(ds, "household_version")).containsExactly("k2");
        assertThat(keyIds(ds, "household_person")).containsExactly("k2");

        Store k2 = Store.open(ds, TestKeys.keys(TestKeys.K2));
        assertThat(k2.register().require(EXAMPLE_ID).document().equals(Fixtures.example()))
                .as("re-sealed row read with the new key alone").isTrue();
        assertThat(ids(k2.register().search("1311", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(k2.register().search("王秀英", null, null))).containsExactly(EXAMPLE_ID);
        assertThatThrownBy(() -> k2.register().create(dup, "caseworker")).isInstanceOf(InvalidHouseholdException.class);
        assertThat(personalIn(rawTables(ds))).as("personal values in clear after the rotation").isEmpty();

        // Idempotent: nothing left to do. The old key alone no longer opens the register.
        RegisterEncryption.Report again = Store.encrypt(ds, TestKeys.keys(TestKeys.K2), progress::add);
        assertThat(again.versions()).isZero();
        assertThat(again.members()).isZero();
        assertThatThrownBy(() -> Store.open(ds, TestKeys.keys(TestKeys.K1)))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("key k2");
    }

    @Test
    void aWrongOrMissingKeyIsRefusedByNameBeforeAnyRowIsRead() throws Exception {
        DataSource ds = freshDatabase();
        Store.open(ds, TestKeys.keys(TestKeys.K1)).register().create(Fixtures.example(), "caseworker");
        String wrongKeyBytes = TestKeys.K1_WRONG.substring(3);

        assertThatThrownBy(() -> Store.open(ds, TestKeys.keys(TestKeys.K1_WRONG)))
                .isInstanceOf(RegisterKeyException.class)
                .hasMessageContaining("key k1 is not the key this register was encrypted with")
                .satisfies(e -> assertThat(e.getMessage().contains(wrongKeyBytes)).as("key bytes in the message").isFalse());
        assertThatThrownBy(() -> Store.open(ds))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("the register is encrypted (key k1)")
                .hasMessageContaining("no key is configured");
        assertThatThrownBy(() -> Store.open(ds, TestKeys.keys(TestKeys.K2)))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("key k1, which is not configured");

        // Past the check (a key id reused for another key): AES-GCM refuses to open, it never gives garbage.
        RegisterKeys right = TestKeys.keys(TestKeys.K1);
        String sealed = right.seal("{\"a\":1}", "ctx");
        assertThat(right.open(sealed, "ctx", "test value")).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> TestKeys.keys(TestKeys.K1_WRONG).open(sealed, "ctx", "test value"))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("does not decrypt with the configured key k1");

        // A sealed document moved to another household's row does not open there (its row is authenticated).
        Store store = Store.open(ds, right);
        store.register().create(second(), "caseworker");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE household_version SET document = (SELECT document FROM household_version WHERE"
                    + " household_id = '" + EXAMPLE_ID + "') WHERE household_id = '510411-2019-000200'");
        }
        assertThatThrownBy(() -> store.register().require("510411-2019-000200"))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("household 510411-2019-000200 version 1")
                .hasMessageContaining("altered or moved");
    }

    @Test
    void badKeyConfigurationIsNamedWithoutTheKey() {
        assertThatThrownBy(() -> RegisterKeys.parse("k1", "REGISTER_KEYS"))
                .hasMessageContaining("REGISTER_KEYS: entry 1 must be KEY_ID:BASE64_KEY");
        assertThatThrownBy(() -> RegisterKeys.parse("k1:c2hvcnQ=", "REGISTER_KEYS"))
                .hasMessageContaining("key k1 must be 32 bytes").hasMessageContaining("it is 5 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ="));
        assertThatThrownBy(() -> RegisterKeys.parse("k1:***", "REGISTER_KEYS")).hasMessageContaining("not Base64");
        assertThatThrownBy(() -> RegisterKeys.parse(TestKeys.K1 + "," + TestKeys.K1_WRONG, "REGISTER_KEYS"))
                .hasMessageContaining("key id k1 is given twice");
        assertThatThrownBy(() -> RegisterKeys.parse("k 1:" + TestKeys.K1.substring(3), "X"))
                .hasMessageContaining("entry 1 must be KEY_ID:BASE64_KEY");
        RegisterKeys parsed = RegisterKeys.parse("# keys\n" + TestKeys.K2 + "   # current\n" + TestKeys.K1 + "\n", "f");
        assertThat(parsed.ids()).containsExactly("k2", "k1");
        assertThat(parsed.toString()).isEqualTo("register keys k2, k1");
        assertThat(RegisterKeys.generate("k2026")).matches("k2026:[A-Za-z0-9+/]{43}=");
        // Two seals of one text differ (a fresh nonce each), and both open.
        String a = parsed.seal("x", "c");
        String b = parsed.seal("x", "c");
        assertThat(a).isNotEqualTo(b).startsWith("enc1:k2:");
        assertThat(parsed.open(b, "c", "t")).isEqualTo("x");
    }

    @Test
    void aPlaintextRegisterIsEncryptedOnceByStoreEncryptAndKeepsEveryVersionAndRecord() throws Exception {
        DataSource ds = freshDatabase();
        Path file = databaseFile();
        Store plain = Store.open(ds);
        plain.register().create(Fixtures.example(), "caseworker");
        ObjectNode edit = Fixtures.example();
        edit.withArray("incomes").removeAll();
        plain.register().update(EXAMPLE_ID, 1, edit, "clerk2");
        plain.register().create(second(), "caseworker");
        DeterminationRecord record = new Casework(plain, tmp.resolve("rulesets"))
                .determine(EXAMPLE_ID, LocalDate.of(2025, 6, 1), rules, "caseworker");
        List<HouseholdVersion> before = new ArrayList<>();
        plain.register().forEachVersion(before::add);
        if (file != null) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT"); // H2 writes its file in the background: now, for the check
            }
            assertThat(personalInFile(file)).as("the plaintext register's file holds the values (the check below can fail)")
                    .contains("head's identity number", "head's name", "address detail");
        }

        // A key configured on a plaintext register: refused until it is encrypted.
        assertThatThrownBy(() -> Store.open(ds, TestKeys.keys(TestKeys.K1)))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("store encrypt");

        List<String> progress = new ArrayList<>();
        RegisterEncryption.Report r = Store.encrypt(ds, TestKeys.keys(TestKeys.K1), progress::add);
        assertThat(r.versions()).isEqualTo(3);
        assertThat(r.members()).isEqualTo(6);
        assertThat(r.plaintextRows()).isEqualTo(9);
        assertThat(r.compacted()).isTrue();
        assertThat(personalIn(rawTables(ds))).as("personal values in clear after store encrypt").isEmpty();
        if (file != null) {
            // The file also holds the archived rule files, which name every certificate kind: that label aside.
            assertThat(personalInFile(file)).as("personal values in the database file after store encrypt")
                    .filteredOn(label -> !label.contains("disability certificate")).isEmpty();
        }

        Store store = Store.open(ds, TestKeys.keys(TestKeys.K1));
        List<HouseholdVersion> after = new ArrayList<>();
        store.register().forEachVersion(after::add);
        assertThat(after.equals(before)).as("every version reads back as it was").isTrue();
        assertThat(ids(store.register().search("1311", null, null))).containsExactly(EXAMPLE_ID);
        Casework.Replay replay = new Casework(store, tmp.resolve("rulesets")).replay(record.recordId(), null, "caseworker");
        assertThat(replay.identical()).isTrue();

        RegisterEncryption.Report again = Store.encrypt(ds, TestKeys.keys(TestKeys.K1), progress::add);
        assertThat(again.versions() + again.members()).as("a second run re-seals nothing").isZero();
        assertThat(again.compacted()).isFalse();
        assertThatThrownBy(() -> Store.open(ds)).isInstanceOf(RegisterKeyException.class);
        assertThat(personalIn(String.join("\n", progress))).as("personal values in the progress lines").isEmpty();
    }

    @Test
    void anInterruptedEncryptionIsRefusedUntilARunFinishesIt() throws Exception {
        DataSource ds = freshDatabase();
        Store plain = Store.open(ds);
        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            many.add(Fixtures.another(String.format("510411-2019-%06d", i), i));
        }
        plain.register().createAll(many, "caseworker");
        // The last household cannot be sealed: the run stops in its second batch, the first batch committed.
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE household_version ADD CONSTRAINT stop_here CHECK (household_id <> '510411-2019-000519'"
                    + " OR key_id IS NULL)");
        }
        assertThatThrownBy(() -> Store.encrypt(ds, TestKeys.keys(TestKeys.K1), m -> { }))
                .isInstanceOf(StoreException.class);
        assertThat(keyIds(ds, "household_version")).containsExactly("k1", "null");
        assertThatThrownBy(() -> Store.open(ds, TestKeys.keys(TestKeys.K1)))
                .isInstanceOf(RegisterKeyException.class).hasMessageContaining("interrupted");
        assertThatThrownBy(() -> Store.open(ds)).isInstanceOf(RegisterKeyException.class)
                .hasMessageContaining("no key is configured");

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE household_version DROP CONSTRAINT stop_here");
        }
        RegisterEncryption.Report r = Store.encrypt(ds, TestKeys.keys(TestKeys.K1), m -> { });
        assertThat(r.versions()).as("only what the stopped run left").isBetween(1L, 519L);
        assertThat(keyIds(ds, "household_version")).containsExactly("k1");
        Store store = Store.open(ds, TestKeys.keys(TestKeys.K1));
        assertThat(store.register().require("510411-2019-000519").document().equals(many.get(519)))
                .as("the last household read back").isTrue();
        assertThat(ids(store.register().search(many.get(3).withArray("members").get(0).get("idNumber").stringValue()
                .substring(14), "大田镇", null))).contains("510411-2019-000003");
    }

    @Test
    void aReevaluationRunReadsTheSealedFacts() throws Exception {
        DataSource ds = freshDatabase();
        Store store = Store.open(ds, TestKeys.keys(TestKeys.K1));
        store.register().create(Fixtures.example(), "caseworker");
        store.register().create(second(), "caseworker");
        Reevaluations runs = store.reevaluations();
        long id = runs.create(LocalDate.of(2025, 6, 1), null, null, null, rules.version(), "policy").id();
        Reevaluations.Run run = new ReevaluationRunner(store, rules, tmp.resolve("work")).run(id, () -> false, p -> { });
        assertThat(run.processed()).isEqualTo(2);
        assertThat(run.errors()).isZero();
    }
}
