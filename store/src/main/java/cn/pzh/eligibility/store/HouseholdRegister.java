package cn.pzh.eligibility.store;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The households and every version of their facts. A save never overwrites: it adds version n+1, and only if the
 * edit started from version n (optimistic: the household row's version is the guard, taken in the same
 * transaction).
 */
public final class HouseholdRegister {

    public static final int SEARCH_LIMIT = 50;
    private static final Pattern ID18 = Pattern.compile("\\d{17}[\\dXx]");
    static final String VERSION_INSERT = "INSERT INTO household_version (household_id, version, document, saved_by,"
            + " saved_at, key_id) VALUES (?, ?, ?, ?, ?, ?)";
    static final String PERSON_INSERT = "INSERT INTO household_person (household_id, member_index, name, id_number,"
            + " id_last4, key_id, name_index, id_index, last4_index, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Kinds of blind index; each its own HMAC input domain, so a name never matches a number's index. */
    static final String NAME = "name";
    static final String ID = "idNumber";
    static final String LAST4 = "idLast4";

    private final Store store;

    HouseholdRegister(Store store) {
        this.store = store;
    }

    /** Registers a new household as version 1. */
    public HouseholdVersion create(JsonNode document, String user) {
        RegisterDocument doc = RegisterDocument.read(document);
        Instant now = now();
        return store.inTransaction(c -> {
            if (latestVersion(c, doc.householdId()).isPresent()) {
                throw new HouseholdExistsException(doc.householdId());
            }
            checkIdNumbers(c, doc);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO household (household_id, latest_version, county,"
                    + " township, village, updated_at) VALUES (?, 1, ?, ?, ?, ?)")) {
                s.setString(1, doc.householdId());
                s.setString(2, doc.household().county());
                s.setString(3, doc.township());
                s.setString(4, doc.village());
                s.setTimestamp(5, Timestamp.from(now));
                s.executeUpdate();
            } catch (SQLException e) {
                if (unique(e)) {
                    throw new HouseholdExistsException(doc.householdId());
                }
                throw e;
            }
            return insertVersion(c, doc, 1, user, now);
        });
    }

    /**
     * Registers many new households in one transaction, each validated as {@link #create} does: all or none. For
     * loading a register (the search benchmark, a first import); a caseworker's save goes through {@link #create}.
     */
    public int createAll(List<? extends JsonNode> documents, String user) {
        List<RegisterDocument> docs = documents.stream().map(RegisterDocument::read).toList();
        Instant now = now();
        return store.inTransaction(c -> {
            try (PreparedStatement h = c.prepareStatement("INSERT INTO household (household_id, latest_version, county,"
                    + " township, village, updated_at) VALUES (?, 1, ?, ?, ?, ?)");
                    PreparedStatement v = c.prepareStatement(VERSION_INSERT);
                    PreparedStatement p = c.prepareStatement(PERSON_INSERT)) {
                Timestamp at = Timestamp.from(now);
                for (RegisterDocument doc : docs) {
                    h.setString(1, doc.householdId());
                    h.setString(2, doc.household().county());
                    h.setString(3, doc.township());
                    h.setString(4, doc.village());
                    h.setTimestamp(5, at);
                    h.addBatch();
                    bindVersion(v, doc.householdId(), 1, Json.MAPPER.writeValueAsString(doc.document()), user, at);
                    v.addBatch();
                    for (RegisterDocument.Person person : doc.persons()) {
                        bindPerson(p, doc.householdId(), person.index(), person.name(), person.idNumber());
                        p.addBatch();
                    }
                }
                h.executeBatch();
                v.executeBatch();
                p.executeBatch();
            }
            return docs.size();
        });
    }

    /** Saves a new version over {@code baseVersion}; refused when a newer version was saved meanwhile. */
    public HouseholdVersion update(String householdId, int baseVersion, JsonNode document, String user) {
        if (document != null && document.isObject() && !document.has("householdId")) {
            document = ((ObjectNode) document).deepCopy().put("householdId", householdId);
        }
        RegisterDocument doc = RegisterDocument.read(document);
        if (!doc.householdId().equals(householdId)) {
            throw new InvalidHouseholdException(householdId, List.of(new FieldError("householdId",
                    "differs from the household being edited (" + householdId + ")",
                    "与正在修改的家庭编号（" + householdId + "）不一致")));
        }
        Instant now = now();
        return store.inTransaction(c -> {
            int current = latestVersion(c, householdId).orElseThrow(() -> unknown(householdId));
            if (current != baseVersion) {
                throw new VersionConflictException(householdId, baseVersion, current);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE household SET latest_version = ?, county = ?,"
                    + " township = ?, village = ?, updated_at = ? WHERE household_id = ? AND latest_version = ?")) {
                s.setInt(1, baseVersion + 1);
                s.setString(2, doc.household().county());
                s.setString(3, doc.township());
                s.setString(4, doc.village());
                s.setTimestamp(5, Timestamp.from(now));
                s.setString(6, householdId);
                s.setInt(7, baseVersion);
                if (s.executeUpdate() != 1) {
                    // Another save committed between our read and this update.
                    throw new VersionConflictException(householdId, baseVersion,
                            latestVersion(c, householdId).orElse(baseVersion + 1));
                }
            }
            checkIdNumbers(c, doc);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM household_person WHERE household_id = ?")) {
                s.setString(1, householdId);
                s.executeUpdate();
            }
            return insertVersion(c, doc, baseVersion + 1, user, now);
        });
    }

    public Optional<HouseholdVersion> latest(String householdId) {
        return store.read(c -> {
            Optional<Integer> v = latestVersion(c, householdId);
            return v.isEmpty() ? Optional.empty() : version(c, householdId, v.get());
        });
    }

    public HouseholdVersion require(String householdId) {
        return latest(householdId).orElseThrow(() -> unknown(householdId));
    }

    public Optional<HouseholdVersion> version(String householdId, int version) {
        return store.read(c -> version(c, householdId, version));
    }

    /** Every version, newest first. */
    public List<HouseholdVersion> versions(String householdId) {
        return store.read(c -> {
            List<HouseholdVersion> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT household_id, version, document, saved_by, saved_at"
                    + " FROM household_version WHERE household_id = ? ORDER BY version DESC")) {
                s.setString(1, householdId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
            }
            if (out.isEmpty()) {
                throw unknown(householdId);
            }
            return out;
        });
    }

    /**
     * Finds households by one text: an 18-character identity number, its last 4 characters, a householdId, a
     * member's name, a township or a village (exact matches; each answered from an index). {@code township} and
     * {@code village} narrow any query; either alone lists that place.
     */
    public List<SearchHit> search(String q, String township, String village) {
        String text = q == null ? "" : q.strip();
        String t = township == null || township.isBlank() ? null : township.strip();
        String v = village == null || village.isBlank() ? null : village.strip();
        // Each kind of match is its own query, answered from its own index in householdId order and cut at the
        // limit; the union of a few dozen ids is then merged here. One OR over all kinds would make the database
        // gather every household of a township before it can sort and cut.
        List<Query> queries = new ArrayList<>();
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        RegisterKeys keys = store.keys();
        if (ID18.matcher(text).matches()) {
            queries.add(person(keys, "id_number", "id_index", ID, upper, t, v));
        } else if (IdNumbers.isLast4(upper)) {
            queries.add(person(keys, "id_last4", "last4_index", LAST4, upper, t, v));
        } else if (!text.isEmpty()) {
            queries.add(new Query(householdQuery("h.household_id = ?", t, v), List.of(text)));
            queries.add(person(keys, "name", "name_index", NAME, text, t, v));
            queries.add(new Query(householdQuery("h.township = ?", t, v), List.of(text)));
            queries.add(new Query(householdQuery("h.village = ?", t, v), List.of(text)));
        } else if (t != null || v != null) {
            queries.add(new Query(householdQuery(null, t, v), List.of()));
        } else {
            return List.of();
        }
        return store.read(c -> {
            java.util.TreeSet<String> found = new java.util.TreeSet<>();
            for (Query query : queries) {
                try (PreparedStatement s = c.prepareStatement(query.sql())) {
                    int i = 1;
                    for (Object value : query.values()) {
                        if (value instanceof byte[] b) {
                            s.setBytes(i++, b);
                        } else {
                            s.setString(i++, (String) value);
                        }
                    }
                    if (t != null) {
                        s.setString(i++, t);
                    }
                    if (v != null) {
                        s.setString(i, v);
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            found.add(r.getString(1));
                        }
                    }
                }
            }
            List<String> ids = found.stream().limit(SEARCH_LIMIT).toList();
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
            Map<String, SearchHit> hits = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT household_id, latest_version, county, township,"
                    + " village FROM household WHERE household_id IN (" + in + ") ORDER BY household_id")) {
                for (int i = 0; i < ids.size(); i++) {
                    s.setString(i + 1, ids.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        hits.put(r.getString(1), new SearchHit(r.getString(1), r.getInt(2), r.getString(3),
                                r.getString(4), r.getString(5), null, List.of()));
                    }
                }
            }
            if (hits.isEmpty()) {
                return List.of();
            }
            // Names from the index, not the documents: one indexed read, no document parsed (with a key, each member's
            // name and number are opened from their own small sealed value).
            Map<String, List<SearchHit.Member>> members = new LinkedHashMap<>();
            String inHits = String.join(",", java.util.Collections.nCopies(hits.size(), "?"));
            try (PreparedStatement s = c.prepareStatement("SELECT household_id, member_index, name, id_number, sealed"
                    + " FROM household_person WHERE household_id IN (" + inHits + ") ORDER BY household_id, member_index")) {
                int i = 1;
                for (String id : hits.keySet()) {
                    s.setString(i++, id);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String[] person = person(r.getString(1), r.getInt(2), r.getString(3), r.getString(4),
                                r.getString(5));
                        members.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                                .add(new SearchHit.Member(person[0], IdNumbers.mask(person[1])));
                    }
                }
            }
            List<SearchHit> out = new ArrayList<>();
            for (SearchHit h : hits.values()) {
                List<SearchHit.Member> ms = members.getOrDefault(h.householdId(), List.of());
                out.add(new SearchHit(h.householdId(), h.version(), h.county(), h.township(), h.village(),
                        ms.isEmpty() ? null : ms.get(0).name(), ms));
            }
            return out;
        });
    }

    private static String householdQuery(String match, String township, String village) {
        List<String> where = new ArrayList<>();
        if (match != null) {
            where.add(match);
        }
        if (township != null) {
            where.add("h.township = ?");
        }
        if (village != null) {
            where.add("h.village = ?");
        }
        return "SELECT h.household_id FROM household h WHERE " + String.join(" AND ", where)
                + " ORDER BY h.household_id FETCH FIRST " + SEARCH_LIMIT + " ROWS ONLY";
    }

    private record Query(String sql, List<Object> values) {
    }

    /**
     * A search on household_person: by the plaintext column without a key, by the blind index under every
     * configured key with one (the current key's and, during a rotation, the older keys').
     */
    private static Query person(RegisterKeys keys, String column, String indexColumn, String kind, String value,
            String township, String village) {
        if (!keys.enabled()) {
            return new Query(personQuery("p." + column + " = ?", township, village), List.of(value));
        }
        List<byte[]> indexes = keys.indexes(kind, value);
        return new Query(personQuery("p." + indexColumn + " IN (" + marks(indexes.size()) + ")", township, village),
                List.copyOf(indexes));
    }

    private static String personQuery(String match, String township, String village) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT p.household_id FROM household_person p");
        if (township != null || village != null) {
            sql.append(" JOIN household h ON h.household_id = p.household_id");
        }
        sql.append(" WHERE ").append(match);
        if (township != null) {
            sql.append(" AND h.township = ?");
        }
        if (village != null) {
            sql.append(" AND h.village = ?");
        }
        return sql.append(" ORDER BY p.household_id FETCH FIRST ").append(SEARCH_LIMIT).append(" ROWS ONLY").toString();
    }

    /** The newest version of every household, in householdId order, one at a time (flat memory). */
    public long forEachLatest(Consumer<HouseholdVersion> each) {
        return store.read(c -> {
            long n = 0;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement s = c.prepareStatement("SELECT v.household_id, v.version, v.document, v.saved_by,"
                    + " v.saved_at FROM household h JOIN household_version v ON v.household_id = h.household_id"
                    + " AND v.version = h.latest_version ORDER BY h.household_id")) {
                s.setFetchSize(500);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        each.accept(row(r));
                        n++;
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return n;
        });
    }

    /** Every version of every household, oldest first per household: what an export carries. */
    public long forEachVersion(Consumer<HouseholdVersion> each) {
        return store.read(c -> {
            long n = 0;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT household_id, version, document, saved_by, saved_at"
                    + " FROM household_version ORDER BY household_id, version")) {
                s.setFetchSize(500);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        each.accept(row(r));
                        n++;
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return n;
        });
    }

    /**
     * Imports one saved version as it was (its number, who and when): for moving a register between databases.
     * Versions of a household must come in order; the facts are validated as any save is.
     */
    public HouseholdVersion importVersion(HouseholdVersion v) {
        RegisterDocument doc = RegisterDocument.read(v.document());
        if (!doc.householdId().equals(v.householdId())) {
            throw new InvalidHouseholdException(v.householdId(), List.of(new FieldError("householdId",
                    "differs from the version's householdId", "与版本记录的家庭编号不一致")));
        }
        return store.inTransaction(c -> {
            Optional<Integer> current = latestVersion(c, v.householdId());
            int expected = current.map(x -> x + 1).orElse(1);
            if (v.version() != expected) {
                throw new VersionConflictException(v.householdId(), v.version() - 1, current.orElse(0));
            }
            String sql = current.isEmpty()
                    ? "INSERT INTO household (latest_version, county, township, village, updated_at, household_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?)"
                    : "UPDATE household SET latest_version = ?, county = ?, township = ?, village = ?, updated_at = ?"
                            + " WHERE household_id = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setInt(1, v.version());
                s.setString(2, doc.household().county());
                s.setString(3, doc.township());
                s.setString(4, doc.village());
                s.setTimestamp(5, Timestamp.from(v.savedAt()));
                s.setString(6, v.householdId());
                s.executeUpdate();
            }
            checkIdNumbers(c, doc);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM household_person WHERE household_id = ?")) {
                s.setString(1, v.householdId());
                s.executeUpdate();
            }
            return insertVersion(c, doc, v.version(), v.savedBy(), v.savedAt());
        });
    }

    /**
     * No identity number in two households. Plaintext: by the number; encrypted: by its blind index under every
     * configured key (during a rotation a number may still be indexed under the old key). The unique indexes catch
     * what a concurrent save adds between this check and the insert.
     */
    private void checkIdNumbers(Connection c, RegisterDocument doc) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        RegisterKeys keys = store.keys();
        String match = keys.enabled() ? "id_index IN (" + marks(keys.ids().size()) + ")" : "id_number = ?";
        try (PreparedStatement s = c.prepareStatement(
                "SELECT household_id FROM household_person WHERE " + match + " AND household_id <> ?")) {
            for (RegisterDocument.Person p : doc.persons()) {
                if (p.idNumber() == null) {
                    continue;
                }
                int i = 1;
                if (keys.enabled()) {
                    for (byte[] x : keys.indexes(ID, p.idNumber())) {
                        s.setBytes(i++, x);
                    }
                } else {
                    s.setString(i++, p.idNumber());
                }
                s.setString(i, doc.householdId());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        String other = r.getString(1);
                        errors.add(new FieldError("members[" + p.index() + "].idNumber",
                                "this identity number is already registered in household " + other,
                                "该公民身份号码已登记在家庭 " + other + " 中"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidHouseholdException(doc.householdId(), errors);
        }
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private HouseholdVersion insertVersion(Connection c, RegisterDocument doc, int version, String user, Instant at)
            throws SQLException {
        String json = Json.MAPPER.writeValueAsString(doc.document());
        try (PreparedStatement s = c.prepareStatement(VERSION_INSERT)) {
            bindVersion(s, doc.householdId(), version, json, user, Timestamp.from(at));
            s.executeUpdate();
        } catch (SQLException e) {
            if (unique(e)) {
                throw new VersionConflictException(doc.householdId(), version - 1, version);
            }
            throw e;
        }
        try (PreparedStatement s = c.prepareStatement(PERSON_INSERT)) {
            for (RegisterDocument.Person p : doc.persons()) {
                bindPerson(s, doc.householdId(), p.index(), p.name(), p.idNumber());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            if (unique(e)) {
                // A concurrent save took the number between our check and this insert.
                throw new InvalidHouseholdException(doc.householdId(), List.of(new FieldError("members",
                        "an identity number was registered in another household meanwhile",
                        "某个公民身份号码刚被登记到另一户，请重新检查")));
            }
            throw e;
        }
        return new HouseholdVersion(doc.householdId(), version, doc.document(), user, at);
    }

    /** The parameters of {@link #VERSION_INSERT}: the document sealed when a key is configured. */
    void bindVersion(PreparedStatement s, String householdId, int version, String json, String user, Timestamp at)
            throws SQLException {
        RegisterKeys keys = store.keys();
        s.setString(1, householdId);
        s.setInt(2, version);
        s.setString(3, keys.enabled() ? keys.seal(json, versionContext(householdId, version)) : json);
        s.setString(4, user);
        s.setTimestamp(5, at);
        s.setString(6, keys.currentId());
    }

    /**
     * The parameters of {@link #PERSON_INSERT}. Plaintext without a key; with one, no name or number in a column:
     * their blind indexes for search and uniqueness, and both sealed for the search list.
     */
    void bindPerson(PreparedStatement s, String householdId, int index, String name, String idNumber)
            throws SQLException {
        s.setString(1, householdId);
        s.setInt(2, index);
        bindPersonColumns(s, 3, householdId, index, name, idNumber);
    }

    /**
     * The columns name, id_number, id_last4, key_id, name_index, id_index, last4_index, sealed (in that order) of a
     * member, from parameter {@code at} on.
     */
    void bindPersonColumns(PreparedStatement s, int at, String householdId, int index, String name, String idNumber)
            throws SQLException {
        RegisterKeys keys = store.keys();
        String last4 = idNumber == null ? null : idNumber.substring(14);
        boolean plain = !keys.enabled();
        s.setString(at, plain ? name : null);
        s.setString(at + 1, plain ? idNumber : null);
        s.setString(at + 2, plain ? last4 : null);
        s.setString(at + 3, keys.currentId());
        setBytes(s, at + 4, plain ? null : keys.index(NAME, name));
        setBytes(s, at + 5, plain || idNumber == null ? null : keys.index(ID, idNumber));
        setBytes(s, at + 6, plain || idNumber == null ? null : keys.index(LAST4, last4));
        s.setString(at + 7, plain ? null : keys.seal(personText(name, idNumber), personContext(householdId, index)));
    }

    private static void setBytes(PreparedStatement s, int i, byte[] b) throws SQLException {
        if (b == null) {
            s.setNull(i, Types.VARBINARY);
        } else {
            s.setBytes(i, b);
        }
    }

    static String versionContext(String householdId, int version) {
        return "household_version\u001f" + householdId + "\u001f" + version;
    }

    static String personContext(String householdId, int memberIndex) {
        return "household_person\u001f" + householdId + "\u001f" + memberIndex;
    }

    static String personText(String name, String idNumber) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        a.add(name);
        a.add(idNumber);
        return Json.MAPPER.writeValueAsString(a);
    }

    /** A member's name and identity number (null when none) from a person row, plaintext or sealed. */
    String[] person(String householdId, int memberIndex, String name, String idNumber, String sealed) {
        if (sealed == null) {
            return new String[] {name, idNumber};
        }
        JsonNode a = Json.MAPPER.readTree(store.keys().open(sealed, personContext(householdId, memberIndex),
                "member " + memberIndex + " of household " + householdId));
        return new String[] {a.get(0).stringValue(), a.get(1).isNull() ? null : a.get(1).stringValue()};
    }

    /** A stored document (plaintext JSON, or sealed) as the saved JSON text. */
    String documentText(String householdId, int version, String stored) {
        return RegisterKeys.isSealed(stored) ? store.keys().open(stored, versionContext(householdId, version),
                "household " + householdId + " version " + version) : stored;
    }

    /** A stored document as the saved object: for every reader of household_version.document. */
    ObjectNode document(String householdId, int version, String stored) {
        return (ObjectNode) Json.MAPPER.readTree(documentText(householdId, version, stored));
    }

    private static Optional<Integer> latestVersion(Connection c, String householdId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT latest_version FROM household WHERE household_id = ?")) {
            s.setString(1, householdId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getInt(1)) : Optional.empty();
            }
        }
    }

    private Optional<HouseholdVersion> version(Connection c, String householdId, int version)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT household_id, version, document, saved_by, saved_at"
                + " FROM household_version WHERE household_id = ? AND version = ?")) {
            s.setString(1, householdId);
            s.setInt(2, version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    private HouseholdVersion row(ResultSet r) throws SQLException {
        return new HouseholdVersion(r.getString(1), r.getInt(2), document(r.getString(1), r.getInt(2), r.getString(3)),
                r.getString(4), r.getTimestamp(5).toInstant());
    }

    static boolean unique(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static NotFoundException unknown(String householdId) {
        return new NotFoundException("no household " + householdId + " in the register",
                "登记簿中没有家庭 " + householdId);
    }

    /** Microseconds: what both databases keep, so a version read back equals the one saved. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
