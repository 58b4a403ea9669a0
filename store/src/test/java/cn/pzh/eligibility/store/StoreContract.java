package cn.pzh.eligibility.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The same tests on every database the store runs on; subclasses give a fresh, empty database per test. */
abstract class StoreContract {

    static final LocalDate AS_OF = LocalDate.of(2025, 6, 1);
    static final String EXAMPLE_ID = "510411-2019-000123";
    static Ruleset rules;

    Store store;

    @TempDir
    Path tmp;

    abstract javax.sql.DataSource freshDatabase();

    /** The register's encryption keys: none (plaintext) unless a subclass runs the contract encrypted. */
    RegisterKeys keys() {
        return RegisterKeys.none();
    }

    @BeforeAll
    static void loadRules() {
        if (rules == null) {
            rules = Ruleset.load(Fixtures.RULES);
        }
    }

    @BeforeEach
    void open() {
        store = Store.open(freshDatabase(), keys());
    }

    private static List<String> paths(InvalidHouseholdException e) {
        return e.errors().stream().map(FieldError::path).toList();
    }

    private InvalidHouseholdException refused(ObjectNode doc) {
        try {
            store.register().create(doc, "caseworker");
        } catch (InvalidHouseholdException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void registersTheExampleAsVersionOneAndReadsItBackWhole() {
        HouseholdVersion v = store.register().create(Fixtures.example(), "caseworker");
        assertThat(v.version()).isEqualTo(1);
        HouseholdVersion back = store.register().require(EXAMPLE_ID);
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.savedBy()).isEqualTo("caseworker");
        assertThat(back.savedAt()).isEqualTo(v.savedAt());
        assertThat(back.document()).isEqualTo(Fixtures.example());
    }

    @Test
    void identityNumbersAreCheckedAndEachErrorNamesItsField() {
        ObjectNode doc = Fixtures.example();
        var members = doc.withArray("members");
        ((ObjectNode) members.get(0)).put("idNumber", "510411195803141312"); // check digit should be 1
        ((ObjectNode) members.get(1)).put("idNumber", "51041119851130242");  // 17 characters
        ((ObjectNode) members.get(2)).put("idNumber", "510411200909021178"); // born 09-02, birthDate 09-01
        InvalidHouseholdException e = refused(doc);
        assertThat(e.errors()).extracting(FieldError::path)
                .containsExactly("members[0].idNumber", "members[1].idNumber", "members[2].idNumber");
        assertThat(e.errors().get(0).messageZh()).contains("校验码");
        assertThat(e.errors().get(1).messageZh()).contains("18 位");
        assertThat(e.errors().get(2).messageZh()).contains("出生日期");
        // By hand: 51041120090902117 weighs 224, 224 mod 11 = 4, check character 8: only the date is wrong there.
        assertThat(e.getMessage()).doesNotContain("510411195803141312").doesNotContain("王德明");
    }

    @Test
    void checkCharacterFollowsTheStandard() {
        // By hand, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and the table 1 0 X 9 8 7 6 5 4 3 2:
        // 51041119580314131 weighs 220, mod 11 = 0 → 1; 11010519491231002 weighs 167, mod 11 = 2 → X.
        assertThat(IdNumbers.checkDigitValid("510411195803141311")).isTrue();
        assertThat(IdNumbers.checkDigitValid("11010519491231002X")).isTrue();
        assertThat(IdNumbers.checkDigitValid("110105194912310021")).isFalse();
        assertThat(IdNumbers.mask("510411195803141311")).isEqualTo("510411********1311");
    }

    @Test
    void namesAndExactlyOneHeadAreRequiredAndTheSameNumberTwiceIsRefused() {
        ObjectNode doc = Fixtures.example();
        var members = doc.withArray("members");
        ((ObjectNode) members.get(0)).remove("name");
        ((ObjectNode) members.get(0)).put("relation", "SPOUSE");
        ((ObjectNode) members.get(2)).put("idNumber", members.get(1).get("idNumber").stringValue());
        ((ObjectNode) members.get(2)).put("birthDate", members.get(1).get("birthDate").stringValue());
        doc.remove("address");
        InvalidHouseholdException e = refused(doc);
        assertThat(paths(e)).contains("address", "members[0].name", "members[2].idNumber", "members");
        assertThat(e.errors()).filteredOn(f -> f.path().equals("members")).singleElement()
                .satisfies(f -> assertThat(f.messageZh()).contains("户主"));
    }

    @Test
    void oneIdentityNumberCannotBeInTwoHouseholds() {
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode other = Fixtures.another("510411-2019-000999", 7);
        ((ObjectNode) other.withArray("members").get(1)).put("idNumber", "510411198511302420");
        InvalidHouseholdException e = refused(other);
        assertThat(e.errors()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("members[1].idNumber");
            assertThat(f.message()).contains(EXAMPLE_ID).doesNotContain("510411198511302420");
        });
        assertThat(store.register().latest("510411-2019-000999")).isEmpty();
    }

    @Test
    void factsErrorsComeFromTheEngineReaderWithTheirPaths() {
        ObjectNode doc = Fixtures.example();
        ((ObjectNode) doc.withArray("members").get(0)).withObjectProperty("disability").put("grade", 7);
        doc.put("unknownThing", 1);
        assertThat(paths(refused(doc))).contains("members[0].disability.grade", "unknownThing");
    }

    @Test
    void eachSaveIsANewVersionAndASaveOverANewerVersionIsRefused() {
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode edit = Fixtures.example();
        edit.withArray("incomes").removeAll();
        HouseholdVersion v2 = store.register().update(EXAMPLE_ID, 1, edit, "clerk2");
        assertThat(v2.version()).isEqualTo(2);

        ObjectNode stale = Fixtures.example();
        stale.put("phone", "13900000000");
        assertThatThrownBy(() -> store.register().update(EXAMPLE_ID, 1, stale, "caseworker"))
                .isInstanceOfSatisfying(VersionConflictException.class, c -> {
                    assertThat(c.baseVersion()).isEqualTo(1);
                    assertThat(c.currentVersion()).isEqualTo(2);
                });
        List<HouseholdVersion> versions = store.register().versions(EXAMPLE_ID);
        assertThat(versions).extracting(HouseholdVersion::version).containsExactly(2, 1);
        assertThat(versions).extracting(HouseholdVersion::savedBy).containsExactly("clerk2", "caseworker");
        assertThat(versions.get(1).document()).isEqualTo(Fixtures.example()); // version 1 untouched
        assertThat(store.register().require(EXAMPLE_ID).document().get("incomes").size()).isZero();
    }

    @Test
    void searchFindsByIdNameWholeOrLastFourIdentityNumberTownshipAndVillage() {
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode other = Fixtures.another("510411-2019-000200", 5);
        other.withObjectProperty("address").put("village", "金江村");
        store.register().create(other, "caseworker");

        assertThat(ids(store.register().search(EXAMPLE_ID, null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("王秀英", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("510411200909011172", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("1311", null, null))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("大田镇", null, null)))
                .containsExactly("510411-2019-000123", "510411-2019-000200");
        assertThat(ids(store.register().search("金江村", null, null))).containsExactly("510411-2019-000200");
        assertThat(ids(store.register().search(null, "大田镇", "大田村"))).containsExactly(EXAMPLE_ID);
        assertThat(ids(store.register().search("无此人", null, null))).isEmpty();

        SearchHit hit = store.register().search("1311", null, null).get(0);
        assertThat(hit.headName()).isEqualTo("王德明");
        assertThat(hit.members()).extracting(SearchHit.Member::maskedIdNumber)
                .containsExactly("510411********1311", "510411********2420", "510411********1172");
    }

    @Test
    void searchSeesOnlyTheNewestVersionsMembers() {
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode edit = Fixtures.example();
        ((ObjectNode) edit.withArray("members").get(1)).put("name", "王秀芳");
        store.register().update(EXAMPLE_ID, 1, edit, "caseworker");
        assertThat(store.register().search("王秀英", null, null)).isEmpty();
        assertThat(ids(store.register().search("王秀芳", null, null))).containsExactly(EXAMPLE_ID);
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::householdId).toList();
    }

    @Test
    void aDeterminationIsRecordedWholeAndCarriesNoNameOrIdentityNumber() {
        store.register().create(Fixtures.example(), "caseworker");
        Casework work = new Casework(store, tmp.resolve("rulesets"));
        DeterminationRecord r = work.determine(EXAMPLE_ID, AS_OF, rules, "caseworker");
        DeterminationRecord back = store.records().require(r.recordId());
        assertThat(back.determination()).isEqualTo(r.determination());
        assertThat(back.factsVersion()).isEqualTo(1);
        assertThat(back.asOf()).isEqualTo(AS_OF);
        assertThat(back.rulesetVersion()).isEqualTo(rules.version());
        assertThat(back.determinedBy()).isEqualTo("caseworker");
        assertThat(back.inputSha256()).hasSize(64);
        String json = back.json();
        assertThat(json).doesNotContain("王").doesNotContain("510411195803141311").doesNotContain("大田");
        Determination d = Json.MAPPER.readValue(back.determination(), Determination.class);
        // Hand-worked (as the service's reload test): 440 × 3 − 3,600 ÷ 12 = 1,020.00 on 2025-06-01.
        assertThat(d.entitlements()).filteredOn(e -> e.code().equals("DIBAO_FALLBACK")).singleElement()
                .satisfies(e -> assertThat(e.amount()).isEqualByComparingTo("1020.00"));

        DeterminationRecord later = work.determine(EXAMPLE_ID, AS_OF, rules, "clerk2");
        assertThat(store.records().history(EXAMPLE_ID)).extracting(DeterminationRecord::recordId)
                .containsExactly(later.recordId(), r.recordId());
        assertThat(store.access().list(EXAMPLE_ID, 10)).extracting(AccessRecords.Access::purpose)
                .containsExactly(AccessRecords.Purpose.DETERMINE, AccessRecords.Purpose.DETERMINE);
    }

    @Test
    void aFailedWriteStoresNothing() throws Exception {
        store.register().create(Fixtures.example(), "caseworker");
        // The access record is written in the determination's transaction: make that insert fail.
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE access_record ADD CONSTRAINT no_determine CHECK (purpose <> 'DETERMINE')");
        }
        Casework work = new Casework(store, tmp.resolve("rulesets"));
        assertThatThrownBy(() -> work.determine(EXAMPLE_ID, AS_OF, rules, "caseworker"))
                .isInstanceOf(StoreException.class);
        assertThat(store.records().history(EXAMPLE_ID)).isEmpty();
    }

    @Test
    void theArchiveGivesBackALoadableRulesetOfTheSameVersion() throws Exception {
        assertThat(store.archive().archive(rules, "test")).isTrue();
        assertThat(store.archive().archive(rules, "test")).isFalse();
        Path out = tmp.resolve("materialised");
        store.archive().materialise(rules.version(), out);
        Ruleset again = Ruleset.load(out);
        assertThat(again.version()).isEqualTo(rules.version());
        assertThat(Files.readString(out.resolve("parameters/dibao.yaml"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(Fixtures.RULES.resolve("parameters/dibao.yaml"), StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.archive().materialise("0000000000000000", tmp.resolve("none")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void replayUnderTheRecordedRulesetIsIdenticalAndUnderChangedRulesShowsTheDifference() throws Exception {
        store.register().create(Fixtures.example(), "caseworker");
        Path oldDir = Fixtures.copyRules(tmp.resolve("old"));
        Ruleset old = Ruleset.load(oldDir);
        Casework work = new Casework(store, tmp.resolve("rulesets"));
        DeterminationRecord r = work.determine(EXAMPLE_ID, AS_OF, old, "caseworker");
        // The files it was made with are gone; the archive brings them back.
        RulesetArchive.deleteTree(oldDir);
        ObjectNode edit = Fixtures.example();
        edit.withArray("incomes").removeAll();
        store.register().update(EXAMPLE_ID, 1, edit, "caseworker"); // later facts must not leak into the replay

        Casework.Replay same = work.replay(r.recordId(), null, "caseworker");
        assertThat(same.identical()).isTrue();
        assertThat(same.determination()).isEqualTo(r.determination());

        Path newDir = Fixtures.copyRules(tmp.resolve("new"));
        Fixtures.raiseRuralStandardFrom2025(newDir);
        Ruleset changed = Ruleset.load(newDir);
        Casework.Replay diff = work.replay(r.recordId(), changed, "caseworker");
        assertThat(diff.identical()).isFalse();
        // 470 × 3 − 300 = 1,110.00 against 1,020.00 recorded.
        assertThat(diff.differences()).filteredOn(x -> x.code().equals("DIBAO_FALLBACK")).singleElement()
                .satisfies(x -> {
                    assertThat(x.change()).isEqualTo("CHANGE");
                    assertThat(x.before()).isEqualByComparingTo("1020.00");
                    assertThat(x.after()).isEqualByComparingTo("1110.00");
                });
        assertThat(diff.rulesetDiff().parameters()).extracting(p -> p.name()).contains("dibao.standard.rural");
        assertThat(store.access().list(EXAMPLE_ID, 10)).extracting(AccessRecords.Access::purpose)
                .startsWith(AccessRecords.Purpose.REPLAY, AccessRecords.Purpose.REPLAY);
    }

    @Test
    void exportedVersionsImportIntoAnotherDatabaseAsTheyWere() {
        store.register().create(Fixtures.example(), "caseworker");
        ObjectNode edit = Fixtures.example();
        edit.put("phone", "13900000000");
        store.register().update(EXAMPLE_ID, 1, edit, "clerk2");
        List<HouseholdVersion> all = new java.util.ArrayList<>();
        assertThat(store.register().forEachVersion(all::add)).isEqualTo(2);
        Store other = Store.open(freshDatabase(), keys());
        all.forEach(other.register()::importVersion);
        assertThat(other.register().versions(EXAMPLE_ID)).isEqualTo(store.register().versions(EXAMPLE_ID));
        List<JsonNode> latest = new java.util.ArrayList<>();
        other.register().forEachLatest(v -> latest.add(v.document()));
        assertThat(latest).containsExactly(edit);
    }
}
